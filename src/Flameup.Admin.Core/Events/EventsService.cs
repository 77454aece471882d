using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Core.Events;

/// <summary>A person's history: listing, recording, and ingesting events by userId or anonymousId.</summary>
public sealed class EventsService(Database db, TimeProvider clock, IPeopleChangeNotifier notifier)
{
    public const int NameMax = 255;
    public const int MaxLimit = 500;

    public async Task<EventsPage> ListForPersonAsync(string ws, Guid personId, int limit = 50, int offset = 0, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxLimit) errors.Add("limit", $"must be between 1 and {MaxLimit}");
        if (offset < 0) errors.Add("offset", "must be 0 or more");
        errors.ThrowIfAny();
        await using var c = await db.OpenAsync(ct);
        if (await PeopleStore.GetAsync(c, ws, personId, ct) is null)
            throw new NotFoundException($"No person with id {personId} in this workspace.");
        var pid = PeopleStore.IdText(personId);
        var events = new List<PersonEvent>();
        await using (var cmd = c.Command("""
            SELECT id, person_id, name, properties, timestamp FROM person_events
            WHERE person_id = @pid ORDER BY timestamp DESC, pk DESC LIMIT @limit OFFSET @offset
            """).With("@pid", pid).With("@limit", limit).With("@offset", offset))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) events.Add(Read(r));
        }
        long total = events.Count;
        if (offset > 0 || events.Count == limit)
        {
            await using var count = c.Command("SELECT count(*) FROM person_events WHERE person_id = @pid").With("@pid", pid);
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        return new EventsPage(events, total, limit, offset);
    }

    /// <summary>Records an event on a person (POST /people/{id}/events).</summary>
    public async Task<PersonEvent> RecordForPersonAsync(string ws, Guid personId, EventInput input, CancellationToken ct = default)
    {
        Validate(input, requireSubject: false);
        var recorded = await db.WriteAsync(async (c, tx) =>
        {
            if (await PeopleStore.GetAsync(c, ws, personId, ct, tx) is null)
                throw new NotFoundException($"No person with id {personId} in this workspace.");
            var e = New(personId, input);
            await InsertAsync(c, tx, ws, e, null, ct);
            return e;
        }, ct);
        notifier.EventsRecorded(ws);
        return recorded;
    }

    /// <summary>Ingests an event by userId (must exist) or anonymousId (waits to be merged on upsert).</summary>
    public async Task<PersonEvent> IngestAsync(string ws, EventInput input, CancellationToken ct = default)
    {
        Validate(input, requireSubject: true);
        var recorded = await db.WriteAsync(async (c, tx) =>
        {
            Guid? personId = null;
            if (input.UserId is not null)
            {
                await using var find = c.Command("SELECT id FROM people WHERE workspace_id = @ws AND user_id = @uid", tx)
                    .With("@ws", ws).With("@uid", input.UserId);
                var id = await find.ExecuteScalarAsync(ct) as string
                    ?? throw new NotFoundException($"No person with userId '{input.UserId}' in this workspace; create them first or send an anonymousId.");
                personId = Guid.Parse(id);
            }
            var e = New(personId, input);
            await InsertAsync(c, tx, ws, e, input.AnonymousId, ct);
            return e;
        }, ct);
        notifier.EventsRecorded(ws);
        return recorded;
    }

    static void Validate(EventInput input, bool requireSubject)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add("name", "is required");
        else if (input.Name.Length > NameMax) errors.Add("name", $"must be at most {NameMax} characters (got {input.Name.Length})");
        if (requireSubject && string.IsNullOrEmpty(input.UserId) && string.IsNullOrEmpty(input.AnonymousId))
            errors.Add("userId", "give a userId or an anonymousId");
        if (input.UserId is { Length: > PersonRules.UserIdMax }) errors.Add("userId", $"must be at most {PersonRules.UserIdMax} characters");
        if (input.AnonymousId is { Length: > PersonRules.AnonymousIdMax }) errors.Add("anonymousId", $"must be at most {PersonRules.AnonymousIdMax} characters");
        errors.ThrowIfAny();
    }

    PersonEvent New(Guid? personId, EventInput input)
    {
        var ts = input.Timestamp ?? clock.GetUtcNow();
        return new PersonEvent(Guid.CreateVersion7(clock.GetUtcNow()), personId, input.Name!,
            input.Properties is null ? "{}" : TraitRules.Serialize(input.Properties), ts);
    }

    internal const string InsertSql = """
        INSERT INTO person_events (id, workspace_id, person_id, anonymous_id, name, properties, timestamp)
        VALUES (@id, @ws, @pid, @anon, @name, @props, @ts)
        """;

    static async Task InsertAsync(SqliteConnection c, SqliteTransaction tx, string ws, PersonEvent e, string? anonymousId, CancellationToken ct)
    {
        await using var cmd = c.Command(InsertSql, tx)
            .With("@id", PeopleStore.IdText(e.Id)).With("@ws", ws)
            .With("@pid", e.PersonId is { } p ? PeopleStore.IdText(p) : null).With("@anon", anonymousId)
            .With("@name", e.Name).With("@props", e.PropertiesJson).With("@ts", Timestamps.ToMs(e.Timestamp));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    internal static PersonEvent Read(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.IsDBNull(1) ? null : Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3),
        Timestamps.FromMs(r.GetInt64(4)));
}
