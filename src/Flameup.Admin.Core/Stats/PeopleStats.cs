using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;

namespace Flameup.Admin.Core.Stats;

public sealed record PeopleStats(long Total, long Active, long Unsubscribed, long Bounced, long Recent);

/// <summary>
/// Workspace statistics. Status counts come from counters kept by triggers in the writing transaction,
/// so they are exact on the next request; "recent" sums per-hour creation counters kept the same way
/// (and counts only its first, partial hour through the created_at index).
/// </summary>
public sealed class StatsService(Database db, TimeProvider clock)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(7);

    public async Task<PeopleStats> GetAsync(string ws, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        long active = 0, unsubscribed = 0, bounced = 0;
        await using (var cmd = c.Command("SELECT status, n FROM people_counts WHERE workspace_id = @ws").With("@ws", ws))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
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
        }
        await using var recentCmd = c.Command(SqliteSearchSchema.CountCreatedSince)
            .With("@ws", ws).With("@since", (clock.GetUtcNow() - RecentWindow).ToUnixTimeMilliseconds());
        var recent = (long)(await recentCmd.ExecuteScalarAsync(ct))!;
        return new PeopleStats(active + unsubscribed + bounced, active, unsubscribed, bounced, recent);
    }
}
