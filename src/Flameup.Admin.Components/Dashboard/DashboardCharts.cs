using System.Globalization;
using Flameup.Admin.Core.Stats;
using MudBlazor;

namespace Flameup.Admin.Components.Dashboard;

/// <summary>Turns domain statistics into chart series and labels.</summary>
public static class DashboardCharts
{
    static readonly CultureInfo Labels = CultureInfo.GetCultureInfo("en-US");

    public static (List<ChartSeries<double>> Series, string[] Labels) ByStatus(PeopleStats stats) =>
        ([new ChartSeries<double> { Name = "People", Data = new double[] { stats.Active, stats.Unsubscribed, stats.Bounced } }],
         [$"Active ({stats.Active.ToString("N0", Labels)})", $"Unsubscribed ({stats.Unsubscribed.ToString("N0", Labels)})", $"Bounced ({stats.Bounced.ToString("N0", Labels)})"]);

    public static (List<ChartSeries<double>> Series, string[] Labels) PerDay(DailyActivity activity)
    {
        var days = activity.PeopleCreated.Select(d => d.Day).ToList();
        // Every day gets a point, but only about ten get a label, so 90 days stay readable.
        var step = Math.Max(1, (int)Math.Ceiling(days.Count / 10.0));
        var labels = days.Select((d, i) => (days.Count - 1 - i) % step == 0 ? d.ToString("MMM d", Labels) : "").ToArray();
        return ([
            new ChartSeries<double> { Name = "People created", Data = activity.PeopleCreated.Select(d => (double)d.Count).ToArray() },
            new ChartSeries<double> { Name = "Events", Data = activity.Events.Select(d => (double)d.Count).ToArray() },
        ], labels);
    }

    public static (List<ChartSeries<double>> Series, string[] Labels) TopTraitKeys(TraitKeyRanking ranking) =>
        ([new ChartSeries<double> { Name = "People with this trait", Data = ranking.Keys.Select(k => (double)k.People).ToArray() }],
         ranking.Keys.Select(k => k.Key).ToArray());
}
