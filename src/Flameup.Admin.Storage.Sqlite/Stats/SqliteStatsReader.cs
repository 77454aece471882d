using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// Statistics from SQLite: status counts from counters kept by triggers in the writing transaction, "recent"
/// from per-hour creation counters, daily counts as index range counts, trait keys over a sample.
/// </summary>
internal sealed class SqliteStatsReader(Database db) : IStatsReader
{
    const long DayMs = 86_400_000;

    public async Task<StatusCounts> StatusCountsAsync(string ws, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        long active = 0, unsubscribed = 0, bounced = 0;
        await using var cmd = c.Command("SELECT status, n FROM people_counts WHERE workspace_id = @ws").With("@ws", ws);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var n = r.GetInt64(1);
            switch (r.GetString(0))
            {
                case PersonStatus.Active: active = n; break;
                case PersonStatus.Unsubscribed: unsubscribed = n; break;
                case PersonStatus.Bounced: bounced = n; break;
            }
        }
        return new StatusCounts(active, unsubscribed, bounced);
    }

    public async Task<long> CreatedSinceAsync(string ws, DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = c.Command(SqliteSearchSchema.CountCreatedSince).With("@ws", ws).With("@since", since.ToUnixTimeMilliseconds());
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    internal static string RangeCountsSql(DailySeries series)
    {
        var (table, column) = series == DailySeries.Events ? ("person_events", "timestamp") : ("people", "created_at");
        return $"""
            WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i + 1 < @days)
            SELECT i, (SELECT count(*) FROM {table} WHERE workspace_id = @ws
                       AND {column} >= @from + i * {DayMs} AND {column} < @from + (i + 1) * {DayMs}) FROM d
            """;
    }

    // One count(*) per day over an index range is ~4x faster than GROUP BY on a computed day number,
    // which evaluates an expression per row and sorts through a temporary b-tree.
    public async Task<long[]> CountPerDayAsync(string ws, DailySeries series, DateTimeOffset from, int days, CancellationToken ct)
    {
        var counts = new long[days];
        if (days == 0) return counts;
        await using var c = await db.OpenAsync(ct);
        await using var cmd = c.Command(RangeCountsSql(series)).With("@ws", ws).With("@from", from.ToUnixTimeMilliseconds()).With("@days", days);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetInt32(0)] = r.GetInt64(1);
        return counts;
    }

    internal const string TopKeysSql = """
        WITH sample AS (SELECT traits FROM people WHERE workspace_id = @ws ORDER BY created_at DESC LIMIT @limit)
        SELECT (SELECT count(*) FROM sample), j.key, count(*) AS n
        FROM sample, json_each(sample.traits) AS j
        GROUP BY j.key ORDER BY n DESC, j.key LIMIT @top
        """;

    public async Task<TraitKeyRanking> TopTraitKeysAsync(string ws, int sample, int top, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = c.Command(TopKeysSql).With("@ws", ws).With("@limit", sample).With("@top", top);
        var keys = new List<TraitKeyCount>();
        var sampleSize = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            sampleSize = r.GetInt32(0);
            keys.Add(new TraitKeyCount(r.GetString(1), r.GetInt64(2)));
        }
        return new TraitKeyRanking(keys, sampleSize);
    }
}
