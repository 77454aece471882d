using System.Collections.Concurrent;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Core.Stats;

/// <summary>
/// People created and events recorded per day. Each day is one range count on the (workspace_id,
/// created_at) or (workspace_id, timestamp) index. Closed days change rarely (a delete, a back-dated
/// event), so their counts are kept for a few minutes and only today is counted on every call.
/// </summary>
public sealed class DailyActivityService(Database db, TimeProvider clock)
{
    public const int MaxDays = 90;
    static readonly TimeSpan ClosedDaysFor = TimeSpan.FromMinutes(5);
    const long DayMs = 86_400_000;

    readonly ConcurrentDictionary<(string Ws, string Table, DateOnly From, int Days), (long[] Counts, DateTimeOffset Until)> _closedDays = new();

    public async Task<DailyActivity> GetAsync(string ws, int days = MaxDays, CancellationToken ct = default)
    {
        if (days is < 1 or > MaxDays)
            throw new DomainValidationException(new Dictionary<string, string[]> { ["days"] = [$"must be between 1 and {MaxDays}"] });
        await using var c = await db.OpenAsync(ct);
        var people = await CountPerDayAsync(c, ws, "people", "created_at", days, ct);
        var events = await CountPerDayAsync(c, ws, "person_events", "timestamp", days, ct);
        return new DailyActivity(people, events);
    }

    async Task<IReadOnlyList<DailyCount>> CountPerDayAsync(SqliteConnection c, string ws, string table, string column, int days, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(-(days - 1));
        var firstMs = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var todayMs = firstMs + (days - 1) * DayMs;

        var key = (ws, table, first, days);
        if (!_closedDays.TryGetValue(key, out var closed) || closed.Until < now)
        {
            closed = (await CountRangesAsync(c, ws, table, column, firstMs, days - 1, ct), now + ClosedDaysFor);
            if (_closedDays.Count > 10_000) _closedDays.Clear();
            _closedDays[key] = closed;
        }
        var todayCount = (await CountRangesAsync(c, ws, table, column, todayMs, 1, ct))[0];

        var result = new List<DailyCount>(days);
        for (var i = 0; i < days - 1; i++) result.Add(new DailyCount(first.AddDays(i), closed.Counts[i]));
        result.Add(new DailyCount(today, todayCount));
        return result;
    }

    internal static string RangeCountsSql(string table, string column) => $"""
        WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i + 1 < @days)
        SELECT i, (SELECT count(*) FROM {table} WHERE workspace_id = @ws
                   AND {column} >= @from + i * {DayMs} AND {column} < @from + (i + 1) * {DayMs}) FROM d
        """;

    // One count(*) per day over an index range is ~4x faster than GROUP BY on a computed day number,
    // which evaluates an expression per row and sorts through a temporary b-tree.
    static async Task<long[]> CountRangesAsync(SqliteConnection c, string ws, string table, string column, long fromMs, int days, CancellationToken ct)
    {
        var counts = new long[days];
        if (days == 0) return counts;
        await using var cmd = c.Command(RangeCountsSql(table, column)).With("@ws", ws).With("@from", fromMs).With("@days", days);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetInt32(0)] = r.GetInt64(1);
        return counts;
    }
}
