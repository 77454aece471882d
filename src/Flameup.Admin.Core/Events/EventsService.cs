using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Events;

/// <summary>A person's history: listing, recording, and ingesting events by userId or anonymousId.</summary>
public sealed class EventsService(IPeopleReader reader, IWriteUnit writes, TimeProvider clock, IPeopleChangeNotifier notifier)
{
    public const int NameMax = 255;
    public const int MaxLimit = 500;

    public async Task<EventsPage> ListForPersonAsync(string ws, Guid personId, int limit = 50, int offset = 0, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxLimit) errors.Add("limit", $"must be between 1 and {MaxLimit}");
        if (offset < 0) errors.Add("offset", "must be 0 or more");
        errors.ThrowIfAny();
        var (events, total) = await reader.EventsAsync(ws, personId, limit, offset, ct)
            ?? throw new NotFoundException($"No person with id {personId} in this workspace.");
        return new EventsPage(events, total, limit, offset);
    }

    /// <summary>Records an event on a person (POST /people/{id}/events).</summary>
    public async Task<PersonEvent> RecordForPersonAsync(Actor actor, string ws, Guid personId, EventInput input, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        Validate(input, requireSubject: false);
        var recorded = await writes.RunAsync(async session =>
        {
            if (!await session.ExistsAsync(ws, personId, ct))
                throw new NotFoundException($"No person with id {personId} in this workspace.");
            var e = New(personId, input);
            await session.RecordEventAsync(ws, e, null, ct);
            return e;
        }, ct);
        notifier.EventsRecorded(ws);
        return recorded;
    }

    /// <summary>Ingests an event by userId (must exist) or anonymousId (waits to be merged on upsert).</summary>
    public async Task<PersonEvent> IngestAsync(Actor actor, string ws, EventInput input, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        Validate(input, requireSubject: true);
        var recorded = await writes.RunAsync(async session =>
        {
            Guid? personId = null;
            if (input.UserId is not null)
                personId = await session.FindIdByUserIdAsync(ws, input.UserId, ct)
                    ?? throw new NotFoundException($"No person with userId '{input.UserId}' in this workspace; create them first or send an anonymousId.");
            var e = New(personId, input);
            await session.RecordEventAsync(ws, e, input.AnonymousId, ct);
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
        return new PersonEvent(Ids.NewVersion7(clock.GetUtcNow()), personId, input.Name!,
            input.Properties is null ? "{}" : TraitRules.Serialize(input.Properties), ts);
    }
}
