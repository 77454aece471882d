using Bunit;
using Flameup.Admin.Components.Dashboard;
using Flameup.Admin.Core.Stats;
using MudBlazor;
using MudBlazor.Services;

namespace Flameup.Admin.Components.Tests.Dashboard;

public sealed class StatsChartTests : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    IRenderedComponent<StatsChart> RenderChart(string title, ChartType type, (List<ChartSeries<double>> Series, string[] Labels) data) =>
        Render<StatsChart>(p => p
            .Add(c => c.Title, title).Add(c => c.Type, type)
            .Add(c => c.Series, data.Series).Add(c => c.Labels, data.Labels)
            .Add(c => c.EmptyText, "Nothing yet."));

    [Fact]
    public void The_status_donut_has_a_title_a_segment_per_status_and_a_legend_with_the_numbers()
    {
        var data = DashboardCharts.ByStatus(new PeopleStats(10, 6, 3, 1, 2));
        Assert.Equal([6.0, 3, 1], data.Series.Single().Data.Values);

        var cut = RenderChart("People by status", ChartType.Donut, data);

        Assert.Contains("People by status", cut.Find(".stats-chart-title").TextContent);
        Assert.NotEmpty(cut.FindAll(".mud-chart"));
        Assert.Equal(3, cut.FindAll("svg path.mud-chart-serie, svg circle.mud-chart-serie, svg .mud-donut-segment").Count);
        var legend = cut.Find(".mud-chart-legend").TextContent;
        Assert.Contains("Active (6)", legend);
        Assert.Contains("Unsubscribed (3)", legend);
        Assert.Contains("Bounced (1)", legend);
        Assert.Empty(cut.FindAll(".stats-chart-empty"));
    }

    [Fact]
    public void All_zeros_show_the_empty_state_instead_of_a_chart()
    {
        var cut = RenderChart("People by status", ChartType.Donut, DashboardCharts.ByStatus(new PeopleStats(0, 0, 0, 0, 0)));
        Assert.Contains("Nothing yet.", cut.Find(".stats-chart-empty").TextContent);
        Assert.Empty(cut.FindAll(".mud-chart"));
        Assert.Contains("People by status", cut.Markup);
    }

    [Fact]
    public void The_activity_line_chart_has_both_series_in_the_legend_and_readable_day_labels()
    {
        var today = new DateOnly(2025, 3, 7);
        var people = Enumerable.Range(0, 7).Select(i => new DailyCount(today.AddDays(i - 6), i)).ToList();
        var events = Enumerable.Range(0, 7).Select(i => new DailyCount(today.AddDays(i - 6), 10 * i)).ToList();
        var data = DashboardCharts.PerDay(new DailyActivity(people, events));

        Assert.Equal(["People created", "Events"], data.Series.Select(s => s.Name));
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6], data.Series[0].Data.Values);
        Assert.Equal(["Mar 1", "Mar 2", "Mar 3", "Mar 4", "Mar 5", "Mar 6", "Mar 7"], data.Labels);

        var cut = RenderChart("Activity per day", ChartType.Line, data);
        var legend = cut.Find(".mud-chart-legend").TextContent;
        Assert.Contains("People created", legend);
        Assert.Contains("Events", legend);
        Assert.Contains("Mar 7", cut.Find("svg").TextContent);
    }

    [Fact]
    public void Ninety_days_get_about_ten_labels_ending_today()
    {
        var today = new DateOnly(2025, 3, 31);
        var days = Enumerable.Range(0, 90).Select(i => new DailyCount(today.AddDays(i - 89), 1)).ToList();
        var data = DashboardCharts.PerDay(new DailyActivity(days, days));
        Assert.Equal(90, data.Labels.Length);
        Assert.InRange(data.Labels.Count(l => l != ""), 9, 11);
        Assert.Equal("Mar 31", data.Labels[^1]);
    }

    [Fact]
    public void The_trait_key_bar_chart_labels_each_key()
    {
        var data = DashboardCharts.TopTraitKeys(new TraitKeyRanking([new("plan", 30), new("company", 12)], 40));
        Assert.Equal([30.0, 12], data.Series.Single().Data.Values);

        var cut = RenderChart("Most common trait keys", ChartType.Bar, data);
        var svg = cut.Find("svg").TextContent;
        Assert.Contains("plan", svg);
        Assert.Contains("company", svg);
        Assert.Contains("People with this trait", cut.Find(".mud-chart-legend").TextContent);
    }

    const string Payload = "<img src=x onerror=window.__xss=5>";

    [Theory]
    [InlineData(ChartType.Bar)]
    [InlineData(ChartType.Line)]
    [InlineData(ChartType.StackedBar)]
    [InlineData(ChartType.Donut)]
    [InlineData(ChartType.Pie)]
    public void Labels_with_markup_are_shown_as_their_text_in_every_chart_type(ChartType type)
    {
        // Trait keys are data from the API and CSV files: MudBlazor writes axis labels as raw markup, legends as text.
        var data = DashboardCharts.TopTraitKeys(new TraitKeyRanking([new(Payload, 3), new("a & b", 2)], 3));
        Assert.Equal([Payload, "a & b"], data.Labels); // the data stays as it is; the chart encodes

        var cut = RenderChart("Most common trait keys", type, data);

        Assert.Empty(cut.FindAll("img"));
        var text = cut.Find(".mud-chart").TextContent;
        Assert.Contains(Payload, text);
        Assert.Contains("a & b", text);
        Assert.DoesNotContain("&lt;", text); // encoded once, not twice
        Assert.DoesNotContain("&amp;", text);
    }

    [Fact]
    public void The_bar_tooltip_shows_no_encoded_label()
    {
        var data = DashboardCharts.TopTraitKeys(new TraitKeyRanking([new(Payload, 3)], 3));
        var cut = Render<StatsChart>(p => p
            .Add(c => c.Title, "Most common trait keys").Add(c => c.Type, ChartType.Bar)
            .Add(c => c.Series, data.Series).Add(c => c.Labels, data.Labels)
            .Add(c => c.Options, new BarChartOptions { YAxisTicks = 1, YAxisFormat = "N0", ShowLegend = true })); // as the dashboard's
        cut.Find("path.mud-chart-bar").MouseOver();
        var tooltip = cut.Find(".svg-tooltip").TextContent;
        Assert.Contains("3", tooltip);
        Assert.DoesNotContain("&lt;", tooltip);
        Assert.Empty(cut.FindAll("img"));
    }

    [Fact]
    public void No_trait_keys_show_the_empty_state()
    {
        var cut = RenderChart("Most common trait keys", ChartType.Bar, DashboardCharts.TopTraitKeys(new TraitKeyRanking([], 0)));
        Assert.NotNull(cut.Find(".stats-chart-empty"));
    }
}
