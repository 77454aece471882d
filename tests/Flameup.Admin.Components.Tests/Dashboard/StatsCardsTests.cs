using Bunit;
using Flameup.Admin.Components.Dashboard;
using Flameup.Admin.Core.Stats;
using MudBlazor.Services;

namespace Flameup.Admin.Components.Tests.Dashboard;

public sealed class StatsCardsTests : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    string Card(IRenderedComponent<StatsCards> cut, string key) =>
        cut.Find($"[data-testid=stat-{key}]").TextContent.Trim();

    [Fact]
    public void Each_card_shows_its_label_and_number()
    {
        var cut = Render<StatsCards>(p => p.Add(c => c.Stats, new PeopleStats(1_234_567, 1_000_000, 200_000, 34_567, 890)));

        Assert.Contains("Total people", Card(cut, "total"));
        Assert.Contains("1,234,567", Card(cut, "total"));
        Assert.Contains("1,000,000", Card(cut, "active"));
        Assert.Contains("Unsubscribed", Card(cut, "unsubscribed"));
        Assert.Contains("200,000", Card(cut, "unsubscribed"));
        Assert.Contains("34,567", Card(cut, "bounced"));
        Assert.Contains("New, last 7 days", Card(cut, "recent"));
        Assert.Contains("890", Card(cut, "recent"));
    }

    [Fact]
    public void All_zeros_show_zeros()
    {
        var cut = Render<StatsCards>(p => p.Add(c => c.Stats, new PeopleStats(0, 0, 0, 0, 0)));
        foreach (var key in new[] { "total", "active", "unsubscribed", "bounced", "recent" })
            Assert.Equal("0", cut.Find($"[data-testid=stat-{key}] .stat-value").TextContent.Trim());
    }
}
