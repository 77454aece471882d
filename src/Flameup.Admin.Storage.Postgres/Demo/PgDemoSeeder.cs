using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// Fills a workspace with generated people and their events by binary COPY: each chunk is copied into temporary
/// tables, then moved into people (skipping userIds that exist), events (of the people inserted) and the counters (per
/// status and per creation hour) in one statement, so search, counters and indexes are exact when it returns.
/// </summary>
internal sealed class PgDemoSeeder(PgDatabase db) : IDemoSeeder
{
    public async Task<DemoSeedResult> SeedAsync(string ws, long count, DemoSeedOptions? options, Action<long>? progress, CancellationToken ct)
    {
        var o = options ?? new DemoSeedOptions();
        var clock = Stopwatch.StartNew();
        await using var c = await db.OpenAsync(ct);
        long firstNumber;
        await using (var max = c.Command("SELECT count(*) FROM people WHERE workspace_id = @ws").With("ws", ws))
            firstNumber = (long)(await max.ExecuteScalarAsync(ct))! + 1;
        bool bulk;
        await using (var empty = c.Command("SELECT NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM person_events)"))
            bulk = (bool)(await empty.ExecuteScalarAsync(ct))!;
        // Into empty tables, the indexes that no insert relies on are built once at the end (a sort each) instead of
        // row by row; the unique ones stay, since they decide which userIds are skipped.
        var dropped = bulk ? await DropSecondaryIndexesAsync(c, ct) : [];

        var people = new DemoPeople(o.Seed);
        var nowMs = o.Now.ToUnixTimeMilliseconds();
        var startMs = nowMs - (long)o.Span.TotalMilliseconds;
        var stepMs = count > 0 ? (double)(nowMs - startMs) / count : 0;
        long done = 0, inserted = 0, events = 0;

        try
        {
            while (done < count)
            {
                await using var tx = await c.BeginTransactionAsync(ct);
                await Exec(c, tx, """
                    CREATE TEMP TABLE seed_people (id uuid, user_id text, email text, status text, traits jsonb, at bigint) ON COMMIT DROP;
                    CREATE TEMP TABLE seed_events (id uuid, person_id uuid, name text, properties text, ts bigint) ON COMMIT DROP;
                    """, ct);
                var end = Math.Min(count, done + o.PeoplePerTransaction);
                var chunk = new List<(DemoPerson Person, long CreatedMs)>((int)(end - done));
                await using (var copy = await c.BeginBinaryImportAsync("COPY seed_people FROM STDIN (FORMAT BINARY)", ct))
                {
                    for (; done < end; done++)
                    {
                        var createdMs = startMs + (long)(done * stepMs);
                        var p = people.Next(firstNumber + done, createdMs);
                        chunk.Add((p, createdMs));
                        await copy.StartRowAsync(ct);
                        await copy.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
                        await copy.WriteAsync(p.UserId, NpgsqlDbType.Text, ct);
                        await copy.WriteAsync(p.Email, NpgsqlDbType.Text, ct);
                        await copy.WriteAsync(p.Status, NpgsqlDbType.Text, ct);
                        await copy.WriteAsync(p.TraitsJson, NpgsqlDbType.Jsonb, ct);
                        await copy.WriteAsync(createdMs, NpgsqlDbType.Bigint, ct);
                    }
                    await copy.CompleteAsync(ct);
                }
                await using (var copy = await c.BeginBinaryImportAsync("COPY seed_events FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var (p, createdMs) in chunk)
                    {
                        await WriteEvent(copy, p.Id, p.Id, "person.created", DemoPeople.CreatedProperties(p), createdMs, ct);
                        for (var e = people.Random.Next(o.MaxExtraEvents + 1); e > 0; e--)
                        {
                            var (id, name, props, ts) = people.NextEvent(createdMs, nowMs);
                            await WriteEvent(copy, id, p.Id, name, props, ts, ct);
                        }
                    }
                    await copy.CompleteAsync(ct);
                }
                await using (var move = c.Command("""
                    WITH ins AS (
                      INSERT INTO people (workspace_id, id, user_id, email, status, traits, created_at, updated_at)
                      SELECT @ws, id, user_id, email, status, traits, at, at FROM seed_people ORDER BY at
                      ON CONFLICT DO NOTHING RETURNING id, status, created_at
                    ), ev AS (
                      INSERT INTO person_events (workspace_id, id, person_id, name, properties, timestamp)
                      SELECT @ws, e.id, e.person_id, e.name, e.properties, e.ts FROM seed_events e JOIN ins ON ins.id = e.person_id
                      RETURNING 1
                    ), counted AS (
                      INSERT INTO people_counts (workspace_id, status, slot, n) SELECT @ws, status, 0, count(*) FROM ins GROUP BY status ORDER BY status
                      ON CONFLICT (workspace_id, status, slot) DO UPDATE SET n = people_counts.n + excluded.n
                    ), hours AS (
                      INSERT INTO people_created_hours (workspace_id, hour, slot, n)
                      SELECT @ws, created_at / 3600000, 0, count(*) FROM ins GROUP BY 2 ORDER BY 2
                      ON CONFLICT (workspace_id, hour, slot) DO UPDATE SET n = people_created_hours.n + excluded.n
                    )
                    SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM ev)
                    """, tx).With("ws", ws))
                await using (var r = await move.ExecuteReaderAsync(ct))
                {
                    await r.ReadAsync(ct);
                    inserted += r.GetInt64(0);
                    events += r.GetInt64(1);
                }
                await tx.CommitAsync(ct);
                progress?.Invoke(done);
            }
        }
        finally
        {
            // Also when the load failed: the table must not be left without its indexes.
            await RecreateAsync(c, dropped);
        }
        await Exec(c, null, "VACUUM ANALYZE people", ct); // one statement each: VACUUM refuses to run inside a block
        await Exec(c, null, "VACUUM ANALYZE person_events", ct);
        await Exec(c, null, "VACUUM ANALYZE people_search", ct);
        await Exec(c, null, "VACUUM ANALYZE people_created_hours", ct); // deep pages walk its key in order once it has statistics
        return new DemoSeedResult(inserted, events, bulk, clock.Elapsed);
    }

    static async Task RecreateAsync(NpgsqlConnection c, List<string> definitions)
    {
        if (definitions.Count == 0) return;
        await Exec(c, null, "SET maintenance_work_mem = '256MB'", CancellationToken.None);
        foreach (var definition in definitions) await Exec(c, null, definition, CancellationToken.None);
        await Exec(c, null, "RESET maintenance_work_mem", CancellationToken.None);
    }

    static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection c, CancellationToken ct)
    {
        var found = new List<(string Name, string Definition)>();
        await using (var cmd = c.Command("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class x ON x.relname = i.indexname
            JOIN pg_index ix ON ix.indexrelid = x.oid
            WHERE i.schemaname = current_schema() AND i.tablename IN ('people', 'people_search', 'person_events') AND NOT ix.indisunique
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) found.Add((r.GetString(0), r.GetString(1)));
        foreach (var (name, _) in found) await Exec(c, null, $"DROP INDEX \"{name}\"", ct);
        return found.Select(f => f.Definition).ToList();
    }

    static async Task WriteEvent(NpgsqlBinaryImporter copy, Guid id, Guid personId, string name, string props, long ts, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(personId, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(name, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(props, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(ts, NpgsqlDbType.Bigint, ct);
    }

    static async Task Exec(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = c.Command(sql, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
