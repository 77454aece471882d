using Flameup.Admin.Core.Stats;

namespace Flameup.Admin.Core.Live;

/// <summary>What an open dashboard shows of a workspace: the status counts and 90 days of daily activity.</summary>
public sealed record DashboardSnapshot(string WorkspaceId, PeopleStats Stats, DailyActivity Activity, DateTimeOffset TakenAt);
