using System.Diagnostics;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Storage.Ports;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// Fills a workspace with generated people and their events by bulk SQL, far faster than the API path.
/// On an empty people table it drops the secondary indexes and triggers of people and events, loads in
/// large transactions, then rebuilds indexes, the search index and the status counters in one pass each;
/// otherwise it inserts with everything in place (the triggers keep search and counters exact).
/// </summary>
public static class DemoSeeder
{
    /// <summary>The seeder as the storage port <see cref="IDemoSeeder"/> (on the registered database).</summary>
    internal sealed class Port(Database db) : IDemoSeeder
    {
        public Task<DemoSeedResult> SeedAsync(string ws, long count, DemoSeedOptions? options, Action<long>? progress, CancellationToken ct) =>
            DemoSeeder.SeedAsync(db, ws, count, options, progress, ct);
    }

    public static async Task<DemoSeedResult> SeedAsync(Database db, string ws, long count, DemoSeedOptions? options = null,
        Action<long>? progress = null, CancellationToken ct = default)
    {
        var o = options ?? new DemoSeedOptions();
        var clock = Stopwatch.StartNew();
        await using var c = await db.OpenAsync(ct);
        await ExecAsync(c, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 1000;", ct);
        var bulk = await ScalarAsync(c, "SELECT NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM person_events)", ct) == 1;
        var firstNumber = await ScalarAsync(c, "SELECT coalesce(max(pk), 0) FROM people", ct) + 1;

        List<(string Type, string Sql)> dropped = [];
        if (bulk) dropped = await DropIndexesAndTriggersAsync(c, ct);

        var people = new DemoPeople(o.Seed);
        var random = people.Random;
        var nowMs = o.Now.ToUnixTimeMilliseconds();
        var startMs = nowMs - (long)o.Span.TotalMilliseconds;
        var stepMs = count > 0 ? (double)(nowMs - startMs) / count : 0;
        long inserted = 0, events = 0;

        while (inserted < count)
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            await using var insertPerson = Prepare(c, tx, """
                INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
                VALUES (@id, @ws, @uid, @email, @status, @traits, @at, @at) ON CONFLICT DO NOTHING
                """, "@id", "@ws", "@uid", "@email", "@status", "@traits", "@at");
            await using var insertEvent = Prepare(c, tx, """
                INSERT INTO person_events (id, workspace_id, person_id, anonymous_id, name, properties, timestamp)
                VALUES (@id, @ws, @pid, NULL, @name, @props, @ts)
                """, "@id", "@ws", "@pid", "@name", "@props", "@ts");
            insertPerson.Parameters["@ws"].Value = ws;
            insertEvent.Parameters["@ws"].Value = ws;
            var end = Math.Min(count, inserted + o.PeoplePerTransaction);
            for (; inserted < end; inserted++)
            {
                var createdMs = startMs + (long)(inserted * stepMs);
                var p = people.Next(firstNumber + inserted, createdMs);
                var pid = p.Id.ToString("D");
                insertPerson.Parameters["@id"].Value = pid;
                insertPerson.Parameters["@uid"].Value = p.UserId;
                insertPerson.Parameters["@email"].Value = p.Email;
                insertPerson.Parameters["@status"].Value = p.Status;
                insertPerson.Parameters["@traits"].Value = p.TraitsJson;
                insertPerson.Parameters["@at"].Value = createdMs;
                if (await insertPerson.ExecuteNonQueryAsync(ct) == 0) continue; // that userId exists already

                insertEvent.Parameters["@pid"].Value = pid;
                await InsertEventAsync(insertEvent, p.Id, "person.created", DemoPeople.CreatedProperties(p), createdMs, ct);
                events++;
                for (var e = random.Next(o.MaxExtraEvents + 1); e > 0; e--)
                {
                    var (id, name, props, ts) = people.NextEvent(createdMs, nowMs);
                    await InsertEventAsync(insertEvent, id, name, props, ts, ct);
                    events++;
                }
            }
            await tx.CommitAsync(ct);
            progress?.Invoke(inserted);
        }

        if (bulk) await RebuildAsync(c, dropped, ct);
        await ExecAsync(c, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA cache_size = -2000;", ct);
        return new DemoSeedResult(inserted, events, bulk, clock.Elapsed);
    }

    static async Task InsertEventAsync(SqliteCommand cmd, Guid id, string name, string props, long ts, CancellationToken ct)
    {
        cmd.Parameters["@id"].Value = id.ToString("D");
        cmd.Parameters["@name"].Value = name;
        cmd.Parameters["@props"].Value = props;
        cmd.Parameters["@ts"].Value = ts;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    static async Task<List<(string Type, string Sql)>> DropIndexesAndTriggersAsync(SqliteConnection c, CancellationToken ct)
    {
        var found = new List<(string Type, string Name, string Sql)>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name IN ('people', 'person_events') AND sql IS NOT NULL";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) found.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }
        foreach (var (type, name, _) in found) await ExecAsync(c, $"DROP {type.ToUpperInvariant()} \"{name}\";", ct);
        return found.Select(f => (f.Type, f.Sql)).ToList();
    }

    /// <summary>Indexes first (each built by one sort), then search text and counters in one pass, then the triggers again.</summary>
    static async Task RebuildAsync(SqliteConnection c, List<(string Type, string Sql)> dropped, CancellationToken ct)
    {
        foreach (var (_, sql) in dropped.Where(d => d.Type == "index")) await ExecAsync(c, sql, ct);
        await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct))
        {
            await ExecAsync(c, "DELETE FROM people_counts;", ct, tx); // every counter is 0 when people was empty
            await ExecAsync(c, SqliteSearchSchema.Backfill, ct, tx);
            await ExecAsync(c, SqliteSearchSchema.CreatedHoursBackfill, ct, tx);
            await tx.CommitAsync(ct);
        }
        foreach (var (_, sql) in dropped.Where(d => d.Type == "trigger")) await ExecAsync(c, sql, ct);
    }

    static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
        cmd.Prepare();
        return cmd;
    }

    static async Task ExecAsync(SqliteConnection c, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    static async Task<long> ScalarAsync(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
