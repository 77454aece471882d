namespace Flameup.Admin.Core.Stats;

/// <summary>How many things happened on one UTC day.</summary>
public sealed record DailyCount(DateOnly Day, long Count);

/// <summary>People created and events recorded per UTC day, oldest day first, today last.</summary>
public sealed record DailyActivity(IReadOnlyList<DailyCount> PeopleCreated, IReadOnlyList<DailyCount> Events)
{
    public static readonly IReadOnlyList<int> Ranges = [7, 30, 90];

    /// <summary>The last <paramref name="days"/> days of a longer series (the dashboard's 7/30/90 switch).</summary>
    public DailyActivity Last(int days) => new(
        PeopleCreated.Skip(Math.Max(0, PeopleCreated.Count - days)).ToList(),
        Events.Skip(Math.Max(0, Events.Count - days)).ToList());
}
