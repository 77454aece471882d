using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Bench;

/// <summary>
/// The write floors on PostgreSQL: raw Npgsql doing the product's work on the same database with the product's statements
/// (PgWriteSession): per transaction the same advisory locks (the workspace's shared and one per userId in one sorted
/// pass, or the workspace's alone, exclusive, above 128 people), the same <c>SELECT … FOR UPDATE</c> of the existing
/// people, then one batch of array-bound statements: the new people (<c>INSERT … SELECT FROM unnest … ON CONFLICT DO
/// NOTHING</c>), the existing ones (<c>UPDATE … FROM unnest</c>, traits merged with <c>||</c>), one change event each,
/// and the status and creation-hour counters of the new rows added to one of the counter slots; on as many connections as the product's
/// scenario has workers. No HTTP, no JSON parsing, no domain rules.
/// </summary>
public static class RawNpgsqlFloors
{
    const string WorkspaceLockShared = "SELECT pg_advisory_xact_lock_shared(hashtextextended(@ws, 1))";
    const string WorkspaceLockExclusive = "SELECT pg_advisory_xact_lock(hashtextextended(@ws, 1))";
    const string KeyLocks = """
        SELECT count(pg_advisory_xact_lock(k)) FROM (
          SELECT DISTINCT hashtextextended(@ws || chr(31) || u, 0) AS k FROM unnest(@ids) u ORDER BY 1
        ) keys
        """;
    /// <summary>PgWriteSession.MaxKeyLocks.</summary>
    const int MaxKeyLocks = 128;

    const string LoadSql = """
        SELECT p.pk, p.id, p.workspace_id, p.user_id, p.email, p.status, p.traits::text, p.created_at, p.updated_at
        FROM people p WHERE p.workspace_id = @ws AND p.user_id = ANY(@ids) ORDER BY p.user_id COLLATE "C" FOR UPDATE
        """;

    const string InsertSql = """
        INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
        SELECT * FROM unnest(@id, @wsa, @uid, @email, @status, @traits, @created, @updated)
        ON CONFLICT (workspace_id, user_id) DO NOTHING
        """;

    const string UpdateSql = """
        UPDATE people p SET email = u.email, traits = p.traits || u.traits, updated_at = u.updated
        FROM unnest(@id, @email, @traits, @updated) AS u(id, email, traits, updated)
        WHERE p.workspace_id = @ws AND p.id = u.id
        """;

    const string EventsSql = """
        INSERT INTO person_events (workspace_id, id, person_id, anonymous_id, name, properties, timestamp)
        SELECT @ws, * FROM unnest(@id, @pid, @anon, @name, @props, @ts)
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
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = 64; // as the product's PgDatabase
        await using var source = NpgsqlDataSource.Create(settings.ConnectionString);
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
            // The clock starts when every connection is open.
            if (Interlocked.Increment(ref ready) == concurrency) { clock.Start(); start.TrySetResult(); }
            await start.Task.WaitAsync(TimeSpan.FromSeconds(60));

            long seq;
            while (clock.Elapsed < duration && (seq = Interlocked.Increment(ref sequence)) < maxTransactions)
            {
                var batch = rows(seq).DistinctBy(r => r.UserId).ToList();
                var t0 = Stopwatch.GetTimestamp();
                await WriteAsync(c, ws, batch);
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            return latencies;
        }
        var all = (await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)))).SelectMany(l => l).ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(all);
        return new LoadResult(name, concurrency, all.Length, 0, seconds, all, rowsPerTransaction);
    }

    static async Task WriteAsync(NpgsqlConnection c, string ws, List<UpsertRow> batch)
    {
        await using var tx = await c.BeginTransactionAsync();
        var ids = batch.Select(r => r.UserId).ToArray();
        await using (var locks = new NpgsqlBatch(c, tx))
        {
            var wide = ids.Length > MaxKeyLocks;
            locks.BatchCommands.Add(Command(wide ? WorkspaceLockExclusive : WorkspaceLockShared, ("ws", NpgsqlDbType.Text, ws)));
            if (!wide) locks.BatchCommands.Add(Command(KeyLocks, ("ws", NpgsqlDbType.Text, ws), ("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids)));
            await locks.ExecuteNonQueryAsync();
        }
        var existing = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var load = new NpgsqlCommand(LoadSql, c, tx))
        {
            load.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
            load.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
            await using var r = await load.ExecuteReaderAsync();
            while (await r.ReadAsync()) existing[r.GetString(3)] = r.GetGuid(1);
        }

        var now = DateTimeOffset.UtcNow;
        var nowMs = now.ToUnixTimeMilliseconds();
        var created = batch.Where(r => !existing.ContainsKey(r.UserId)).ToList();
        var updated = batch.Where(r => existing.ContainsKey(r.UserId)).OrderBy(r => existing[r.UserId]).ToList(); // rows in id order, as the product
        var newIds = created.Select(_ => Guid.CreateVersion7(now)).ToArray();
        await using var write = new NpgsqlBatch(c, tx);
        if (created.Count > 0)
            write.BatchCommands.Add(Command(InsertSql,
                ("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid, newIds),
                ("wsa", NpgsqlDbType.Array | NpgsqlDbType.Text, created.Select(_ => ws).ToArray()),
                ("uid", NpgsqlDbType.Array | NpgsqlDbType.Text, created.Select(r => r.UserId).ToArray()),
                ("email", NpgsqlDbType.Array | NpgsqlDbType.Text, created.Select(r => r.Email).ToArray()),
                ("status", NpgsqlDbType.Array | NpgsqlDbType.Text, created.Select(_ => "active").ToArray()),
                ("traits", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, created.Select(r => r.TraitsJson).ToArray()),
                ("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint, created.Select(_ => nowMs).ToArray()),
                ("updated", NpgsqlDbType.Array | NpgsqlDbType.Bigint, created.Select(_ => nowMs).ToArray())));
        if (updated.Count > 0)
            write.BatchCommands.Add(Command(UpdateSql, ("ws", NpgsqlDbType.Text, ws),
                ("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid, updated.Select(r => existing[r.UserId]).ToArray()),
                ("email", NpgsqlDbType.Array | NpgsqlDbType.Text, updated.Select(r => r.Email).ToArray()),
                ("traits", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, updated.Select(r => r.TraitsJson).ToArray()),
                ("updated", NpgsqlDbType.Array | NpgsqlDbType.Bigint, updated.Select(_ => nowMs).ToArray())));
        var people = created.Select((r, i) => (Row: r, Id: newIds[i], Name: "person.created"))
            .Concat(updated.Select(r => (Row: r, Id: existing[r.UserId], Name: "person.updated"))).ToList();
        write.BatchCommands.Add(Command(EventsSql, ("ws", NpgsqlDbType.Text, ws),
            ("id", NpgsqlDbType.Array | NpgsqlDbType.Uuid, people.Select(_ => Guid.CreateVersion7(now)).ToArray()),
            ("pid", NpgsqlDbType.Array | NpgsqlDbType.Uuid, people.Select(p => p.Id).ToArray()),
            ("anon", NpgsqlDbType.Array | NpgsqlDbType.Text, people.Select(_ => (string?)null).ToArray()),
            ("name", NpgsqlDbType.Array | NpgsqlDbType.Text, people.Select(p => p.Name).ToArray()),
            ("props", NpgsqlDbType.Array | NpgsqlDbType.Text, people.Select(p => "{\"changes\":{\"traits\":{\"old\":null,\"new\":" + p.Row.TraitsJson + "}}}").ToArray()),
            ("ts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, people.Select(_ => nowMs).ToArray())));
        if (created.Count > 0)
            write.BatchCommands.Add(Command(CountSql, ("ws", NpgsqlDbType.Text, ws),
                ("slot", NpgsqlDbType.Smallint, (short)Random.Shared.Next(CounterSlots)), ("n", NpgsqlDbType.Bigint, (long)created.Count),
                ("hour", NpgsqlDbType.Bigint, nowMs / 3_600_000)));
        await write.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    static NpgsqlBatchCommand Command(string sql, params (string Name, NpgsqlDbType Type, object? Value)[] parameters)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var (name, type, value) in parameters) cmd.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return cmd;
    }
}
