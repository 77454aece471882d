using System.Runtime.CompilerServices;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>People and events read from SQLite on the database's held connections (SQL in <see cref="PeopleStore"/>).</summary>
internal sealed class SqlitePeopleReader(Database db) : IPeopleReader
{
    public async Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PeopleStore.GetAsync(c, ws, id, ct);
    }

    public async Task<(IReadOnlyList<Person> People, long Total)> PageAsync(string ws, PeopleQuery query, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PeopleStore.ListPageAsync(c, ws, query, ct);
    }

    public async Task<long> CountAsync(string ws, PeopleQuery query, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PeopleStore.CountAsync(c, ws, query, ct);
    }

    public async Task<IReadOnlyList<Person>> SearchAsync(string ws, PeopleSearch search, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await PeopleStore.SearchAsync(c, ws, search, ct);
    }

    public async Task<(IReadOnlyList<PersonEvent> Events, long Total)?> EventsAsync(string ws, Guid personId, int limit, int offset, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var pid = PeopleStore.IdText(personId);
        await using (var exists = c.Command("SELECT 1 FROM people WHERE id = @pid AND workspace_id = @ws").With("@pid", pid).With("@ws", ws))
            if (await exists.ExecuteScalarAsync(ct) is null) return null;
        var events = new List<PersonEvent>();
        await using (var cmd = c.Command($"""
            SELECT {PeopleStore.EventColumns} FROM person_events
            WHERE person_id = @pid ORDER BY timestamp DESC, pk DESC LIMIT @limit OFFSET @offset
            """).With("@pid", pid).With("@limit", limit).With("@offset", offset))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) events.Add(PeopleStore.ReadEvent(r));
        }
        if (PageTotal.FromPage(offset, limit, events.Count) is { } known) return (events, known);
        await using var count = c.Command("SELECT count(*) FROM person_events WHERE person_id = @pid").With("@pid", pid);
        return (events, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    public async Task<IPeopleSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var c = await db.OpenAsync(ct);
        return new Snapshot(c, c.BeginTransaction(deferred: true));
    }

    /// <summary>A deferred read transaction: in WAL mode its reads all see the database as of the first one.</summary>
    sealed class Snapshot(SqliteConnection c, SqliteTransaction tx) : IPeopleSnapshot
    {
        public Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct) => PeopleStore.GetAsync(c, ws, id, ct, tx);

        public async Task<IReadOnlyList<string>> TraitKeysAsync(string ws, PeopleQuery query, CancellationToken ct)
        {
            var f = PeopleStore.BuildFilter(query);
            await using var cmd = f.Command(c, $"SELECT DISTINCT j.key FROM {f.From} CROSS JOIN json_each(p.traits) j WHERE {f.Where}", ws);
            cmd.Transaction = tx;
            var keys = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) keys.Add(r.GetString(0));
            keys.Sort(StringComparer.Ordinal);
            return keys;
        }

        public async IAsyncEnumerable<Person> StreamAsync(string ws, PeopleQuery query, [EnumeratorCancellation] CancellationToken ct)
        {
            var f = PeopleStore.BuildFilter(query);
            await using var cmd = f.Command(c, $"SELECT {PeopleStore.Columns} FROM {f.From} WHERE {f.Where} ORDER BY {PeopleStore.OrderBy(query.Sort)}", ws);
            cmd.Transaction = tx;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) yield return PeopleStore.Read(r);
        }

        public async IAsyncEnumerable<PersonEvent> EventsAsync(string ws, Guid personId, [EnumeratorCancellation] CancellationToken ct)
        {
            await using var cmd = c.Command($"""
                SELECT {PeopleStore.EventColumns} FROM person_events
                WHERE person_id = @pid AND workspace_id = @ws ORDER BY timestamp DESC, pk DESC
                """, tx).With("@pid", PeopleStore.IdText(personId)).With("@ws", ws);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) yield return PeopleStore.ReadEvent(r);
        }

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await c.DisposeAsync();
        }
    }
}
