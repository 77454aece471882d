using System.Collections.Concurrent;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Stats;

/// <summary>
/// People created and events recorded per day (range counts on indexes, see <see cref="IStatsReader"/>). Closed days change rarely (a delete, a back-dated
/// event), so their counts are kept for a few minutes and only today is counted on every call.
/// </summary>
public sealed class DailyActivityService(IStatsReader reader, TimeProvider clock)
{
    public const int MaxDays = 90;
    static readonly TimeSpan ClosedDaysFor = TimeSpan.FromMinutes(5);

    readonly ConcurrentDictionary<(string Ws, DailySeries Series, DateOnly From, int Days), (long[] Counts, DateTimeOffset Until)> _closedDays = new();

    public async Task<DailyActivity> GetAsync(string ws, int days = MaxDays, CancellationToken ct = default)
    {
        if (days is < 1 or > MaxDays)
            throw new DomainValidationException(new Dictionary<string, string[]> { ["days"] = [$"must be between 1 and {MaxDays}"] });
        var people = await CountPerDayAsync(ws, DailySeries.PeopleCreated, days, ct);
        var events = await CountPerDayAsync(ws, DailySeries.Events, days, ct);
        return new DailyActivity(people, events);
    }

    async Task<IReadOnlyList<DailyCount>> CountPerDayAsync(string ws, DailySeries series, int days, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(-(days - 1));
        var firstDay = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var todayStart = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var key = (ws, series, first, days);
        if (!_closedDays.TryGetValue(key, out var closed) || closed.Until < now)
        {
            closed = (await reader.CountPerDayAsync(ws, series, firstDay, days - 1, ct), now + ClosedDaysFor);
            if (_closedDays.Count > 10_000) _closedDays.Clear();
            _closedDays[key] = closed;
        }
        var todayCount = (await reader.CountPerDayAsync(ws, series, todayStart, 1, ct))[0];

        var result = new List<DailyCount>(days);
        for (var i = 0; i < days - 1; i++) result.Add(new DailyCount(first.AddDays(i), closed.Counts[i]));
        result.Add(new DailyCount(today, todayCount));
        return result;
    }
}
