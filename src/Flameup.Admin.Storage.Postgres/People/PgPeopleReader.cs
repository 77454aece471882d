using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>People and events read from PostgreSQL (SQL in <see cref="PgPeopleStore"/>).</summary>
internal sealed class PgPeopleReader(PgDatabase db) : IPeopleReader
{
    public async Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PgPeopleStore.GetAsync(c, ws, id, ct);
    }

    public async Task<(IReadOnlyList<Person> People, long Total)> PageAsync(string ws, PeopleQuery query, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PgPeopleStore.ListPageAsync(c, ws, query, ct);
    }

    public async Task<long> CountAsync(string ws, PeopleQuery query, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PgPeopleStore.CountAsync(c, ws, query, ct);
    }

    public async Task<IReadOnlyList<Person>> SearchAsync(string ws, PeopleSearch search, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PgPeopleStore.SearchAsync(c, ws, search, ct);
    }

    public async Task<(IReadOnlyList<PersonEvent> Events, long Total)?> EventsAsync(string ws, Guid personId, int limit, int offset, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using (var exists = c.Command("SELECT 1 FROM people WHERE workspace_id = @ws AND id = @pid").With("ws", ws).With("pid", personId))
            if (await exists.ExecuteScalarAsync(ct) is null) return null;
        var events = new List<PersonEvent>();
        await using (var cmd = c.Command($"""
            SELECT {PgPeopleStore.EventColumns} FROM person_events
            WHERE workspace_id = @ws AND person_id = @pid ORDER BY timestamp DESC, pk DESC LIMIT @limit OFFSET @offset
            """).With("ws", ws).With("pid", personId).With("limit", limit).With("offset", offset))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) events.Add(PgPeopleStore.ReadEvent(r));
        }
        if (PageTotal.FromPage(offset, limit, events.Count) is { } known) return (events, known);
        await using var count = c.Command("SELECT count(*) FROM person_events WHERE workspace_id = @ws AND person_id = @pid")
            .With("ws", ws).With("pid", personId);
        return (events, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    public async Task<IPeopleSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var c = await db.OpenAsync(ct);
        var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        return new Snapshot(c, tx);
    }

    /// <summary>A read-only repeatable-read transaction: its reads all see the database as of the first one.</summary>
    sealed class Snapshot(NpgsqlConnection c, NpgsqlTransaction tx) : IPeopleSnapshot
    {
        public Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct) => PgPeopleStore.GetAsync(c, ws, id, ct, tx);

        public async Task<IReadOnlyList<string>> TraitKeysAsync(string ws, PeopleQuery query, CancellationToken ct)
        {
            var f = PgPeopleStore.BuildFilter(query);
            await using var cmd = f.Command(c, $"SELECT DISTINCT k FROM {f.From} CROSS JOIN jsonb_object_keys(p.traits) k WHERE {f.Where}", ws, tx);
            var keys = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) keys.Add(r.GetString(0));
            keys.Sort(StringComparer.Ordinal);
            return keys;
        }

        public async IAsyncEnumerable<Person> StreamAsync(string ws, PeopleQuery query, [EnumeratorCancellation] CancellationToken ct)
        {
            var f = PgPeopleStore.BuildFilter(query);
            await using var cmd = f.Command(c, $"SELECT {PgPeopleStore.Columns} FROM {f.From} WHERE {f.Where} ORDER BY {PgPeopleStore.OrderBy(query.Sort)}", ws, tx);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) yield return PgPeopleStore.Read(r);
        }

        public async IAsyncEnumerable<PersonEvent> EventsAsync(string ws, Guid personId, [EnumeratorCancellation] CancellationToken ct)
        {
            await using var cmd = c.Command($"""
                SELECT {PgPeopleStore.EventColumns} FROM person_events
                WHERE workspace_id = @ws AND person_id = @pid ORDER BY timestamp DESC, pk DESC
                """, tx).With("ws", ws).With("pid", personId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) yield return PgPeopleStore.ReadEvent(r);
        }

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await c.DisposeAsync();
        }
    }
}
