using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Bench;

/// <summary>
/// The write floors: raw Microsoft.Data.Sqlite doing the product's work on the same database (same
/// indexes and triggers) — per row an <c>INSERT … ON CONFLICT DO UPDATE</c> merging traits with
/// json_patch and one change event — in transactions of N rows, one after another.
/// </summary>
public static class RawSqliteFloors
{
    const string UpsertSql = """
        INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
        VALUES (@id, @ws, @uid, @email, 'active', @traits, @now, @now)
        ON CONFLICT (workspace_id, user_id) DO UPDATE SET
          email = excluded.email, traits = json_patch(people.traits, excluded.traits), updated_at = excluded.updated_at
        RETURNING id
        """;

    const string EventSql = """
        INSERT INTO person_events (id, workspace_id, person_id, anonymous_id, name, properties, timestamp)
        VALUES (@id, @ws, @pid, NULL, 'person.updated', @props, @ts)
        """;

    public static async Task<LoadResult> UpsertAsync(string name, string dbPath, string ws, int rowsPerTransaction,
        TimeSpan duration, long maxTransactions, Func<long, IReadOnlyList<UpsertRow>> rows)
    {
        await using var c = new SqliteConnection($"Data Source={dbPath};Default Timeout=30;Pooling=False");
        await c.OpenAsync();
        await using var upsert = c.CreateCommand();
        upsert.CommandText = UpsertSql;
        foreach (var p in new[] { "@id", "@ws", "@uid", "@email", "@traits", "@now" }) upsert.Parameters.Add(new SqliteParameter(p, null));
        await using var ev = c.CreateCommand();
        ev.CommandText = EventSql;
        foreach (var p in new[] { "@id", "@ws", "@pid", "@props", "@ts" }) ev.Parameters.Add(new SqliteParameter(p, null));
        upsert.Parameters["@ws"].Value = ws;
        ev.Parameters["@ws"].Value = ws;

        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        for (long seq = 0; seq < maxTransactions && clock.Elapsed < duration; seq++)
        {
            var batch = rows(seq);
            var t0 = Stopwatch.GetTimestamp();
            await using var tx = c.BeginTransaction(deferred: false);
            upsert.Transaction = tx;
            ev.Transaction = tx;
            var now = DateTimeOffset.UtcNow;
            foreach (var row in batch)
            {
                upsert.Parameters["@id"].Value = Guid.CreateVersion7(now).ToString("D");
                upsert.Parameters["@uid"].Value = row.UserId;
                upsert.Parameters["@email"].Value = row.Email;
                upsert.Parameters["@traits"].Value = row.TraitsJson;
                upsert.Parameters["@now"].Value = now.ToUnixTimeMilliseconds();
                var personId = (string)(await upsert.ExecuteScalarAsync())!;
                ev.Parameters["@id"].Value = Guid.CreateVersion7(now).ToString("D");
                ev.Parameters["@pid"].Value = personId;
                ev.Parameters["@props"].Value = "{\"changes\":{\"traits\":{\"old\":null,\"new\":" + row.TraitsJson + "}}}";
                ev.Parameters["@ts"].Value = now.ToUnixTimeMilliseconds();
                await ev.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadResult(name, 1, sorted.Length, 0, clock.Elapsed.TotalSeconds, sorted, rowsPerTransaction);
    }
}
