using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Bench;

/// <summary>
/// The write floors on PostgreSQL: raw Npgsql doing the product's work on the same database — per row an
/// <c>INSERT … ON CONFLICT (workspace_id, user_id) DO UPDATE</c> merging traits with <c>||</c> and one change event,
/// the status and creation-hour counters of the new rows added to one of the counter slots at the end (so stats and
/// deep pages stay exact), in transactions of N rows sorted by userId (the lock order, as the product's), on as many
/// connections as the product's scenario has workers, prepared statements.
/// </summary>
public static class RawNpgsqlFloors
{
    const string UpsertSql = """
        INSERT INTO people (workspace_id, id, user_id, email, status, traits, created_at, updated_at)
        VALUES (@ws, @id, @uid, @email, 'active', @traits, @now, @now)
        ON CONFLICT (workspace_id, user_id) DO UPDATE SET
          email = excluded.email, traits = people.traits || excluded.traits, updated_at = excluded.updated_at
        RETURNING id, (xmax = 0)
        """;

    const string EventSql = """
        INSERT INTO person_events (workspace_id, id, person_id, anonymous_id, name, properties, timestamp)
        VALUES (@ws, @id, @pid, NULL, @name, @props, @ts)
        """;

    // The status counter, then the creation-hour counter (people_created_hours), as the product writes both at the commit.
    const string CountSql = """
        WITH status AS (
          INSERT INTO people_counts (workspace_id, status, slot, n) VALUES (@ws, 'active', @slot, @n)
          ON CONFLICT (workspace_id, status, slot) DO UPDATE SET n = people_counts.n + excluded.n
        )
        INSERT INTO people_created_hours (workspace_id, hour, slot, n) VALUES (@ws, @hour, @slot, @n)
        ON CONFLICT (workspace_id, hour, slot) DO UPDATE SET n = people_created_hours.n + excluded.n
        """;

    /// <summary>The product's counter slots per (workspace, status) (PgWriteSession.CounterSlots).</summary>
    const int CounterSlots = 8;

    public static async Task<LoadResult> UpsertAsync(string name, string connectionString, string ws, int rowsPerTransaction, int concurrency,
        TimeSpan duration, long maxTransactions, Func<long, IReadOnlyList<UpsertRow>> rows)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        long sequence = -1;
        var clock = new Stopwatch();
        var ready = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<List<double>> Worker()
        {
            var latencies = new List<double>();
            NpgsqlConnection c;
            try { c = await source.OpenConnectionAsync(); }
            catch (Exception e) { start.TrySetException(e); throw; } // the others must not wait for a connection that never came
            await using var _ = c;
            await using var upsert = new NpgsqlCommand(UpsertSql, c);
            upsert.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
            upsert.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid));
            upsert.Parameters.Add(new NpgsqlParameter("uid", NpgsqlDbType.Text));
            upsert.Parameters.Add(new NpgsqlParameter("email", NpgsqlDbType.Text));
            upsert.Parameters.Add(new NpgsqlParameter("traits", NpgsqlDbType.Jsonb));
            upsert.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint));
            await upsert.PrepareAsync();
            await using var ev = new NpgsqlCommand(EventSql, c);
            ev.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
            ev.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Uuid));
            ev.Parameters.Add(new NpgsqlParameter("pid", NpgsqlDbType.Uuid));
            ev.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text));
            ev.Parameters.Add(new NpgsqlParameter("props", NpgsqlDbType.Text));
            ev.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.Bigint));
            await ev.PrepareAsync();
            await using var count = new NpgsqlCommand(CountSql, c);
            count.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
            count.Parameters.Add(new NpgsqlParameter("slot", NpgsqlDbType.Smallint));
            count.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Bigint));
            count.Parameters.Add(new NpgsqlParameter("hour", NpgsqlDbType.Bigint));
            await count.PrepareAsync();
            // The clock starts when every connection is open and prepared.
            if (Interlocked.Increment(ref ready) == concurrency) { clock.Start(); start.TrySetResult(); }
            await start.Task.WaitAsync(TimeSpan.FromSeconds(60));

            long seq;
            while (clock.Elapsed < duration && (seq = Interlocked.Increment(ref sequence)) < maxTransactions)
            {
                var batch = rows(seq).OrderBy(r => r.UserId, StringComparer.Ordinal).ToList();
                var t0 = Stopwatch.GetTimestamp();
                await using var tx = await c.BeginTransactionAsync();
                var now = DateTimeOffset.UtcNow;
                var nowMs = now.ToUnixTimeMilliseconds();
                long created = 0;
                foreach (var row in batch)
                {
                    upsert.Parameters["id"].Value = Guid.CreateVersion7(now);
                    upsert.Parameters["uid"].Value = row.UserId;
                    upsert.Parameters["email"].Value = row.Email;
                    upsert.Parameters["traits"].Value = row.TraitsJson;
                    upsert.Parameters["now"].Value = nowMs;
                    Guid personId;
                    bool inserted;
                    await using (var r = await upsert.ExecuteReaderAsync())
                    {
                        await r.ReadAsync();
                        personId = r.GetGuid(0);
                        inserted = r.GetBoolean(1);
                    }
                    if (inserted) created++;
                    ev.Parameters["id"].Value = Guid.CreateVersion7(now);
                    ev.Parameters["pid"].Value = personId;
                    ev.Parameters["name"].Value = inserted ? "person.created" : "person.updated";
                    ev.Parameters["props"].Value = "{\"changes\":{\"traits\":{\"old\":null,\"new\":" + row.TraitsJson + "}}}";
                    ev.Parameters["ts"].Value = nowMs;
                    await ev.ExecuteNonQueryAsync();
                }
                if (created > 0)
                {
                    count.Parameters["slot"].Value = (short)Random.Shared.Next(CounterSlots);
                    count.Parameters["n"].Value = created;
                    count.Parameters["hour"].Value = nowMs / 3_600_000;
                    await count.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            return latencies;
        }
        var all = (await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)))).SelectMany(l => l).ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(all);
        return new LoadResult(name, concurrency, all.Length, 0, seconds, all, rowsPerTransaction);
    }
}
