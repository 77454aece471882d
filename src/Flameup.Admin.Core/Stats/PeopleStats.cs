using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Stats;

public sealed record PeopleStats(long Total, long Active, long Unsubscribed, long Bounced, long Recent);

/// <summary>
/// Workspace statistics: status counts exact on the next request after a write, and "recent" (people created
/// in the last 7 days), both without counting people (see the storage's <see cref="IStatsReader"/>).
/// </summary>
public sealed class StatsService(IStatsReader reader, TimeProvider clock)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(7);

    public async Task<PeopleStats> GetAsync(string ws, CancellationToken ct = default)
    {
        var counts = await reader.StatusCountsAsync(ws, ct);
        var recent = await reader.CreatedSinceAsync(ws, clock.GetUtcNow() - RecentWindow, ct);
        return new PeopleStats(counts.Active + counts.Unsubscribed + counts.Bounced, counts.Active, counts.Unsubscribed, counts.Bounced, recent);
    }
}
