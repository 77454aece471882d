using Flameup.Admin.Core.Common;
using Flameup.Admin.Components.Tests.Infrastructure;
using System.Text.Json.Nodes;
using Bunit;
using Flameup.Admin.Components.Dashboard;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Components.Tests.Dashboard;

public sealed class DashboardViewTests() : ComponentTest(realClock: true)
{

    [Fact]
    public async Task Shows_the_workspace_numbers_and_charts_from_the_domain()
    {
        await People.CreateAsync(Actor.System, Ws, PersonInput.For("a", traits: new JsonObject { ["plan"] = "pro", ["city"] = "Oslo" }));
        await People.CreateAsync(Actor.System, Ws, PersonInput.For("b", status: PersonStatus.Bounced, traits: new JsonObject { ["plan"] = "basic" }));
        await People.CreateAsync(Actor.System, "ws_other", PersonInput.For("c"));

        var cut = Render<DashboardView>(p => p.Add(c => c.WorkspaceId, Ws));

        cut.WaitForAssertion(() => Assert.Contains("2", cut.Find("[data-testid=stat-total] .stat-value").TextContent));
        Assert.Equal("1", cut.Find("[data-testid=stat-active] .stat-value").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=stat-bounced] .stat-value").TextContent.Trim());
        Assert.Equal("2", cut.Find("[data-testid=stat-recent] .stat-value").TextContent.Trim());
        Assert.Contains("Active (1)", cut.Find("[data-testid=chart-status] .mud-chart-legend").TextContent);
        Assert.Contains("plan", cut.Find("[data-testid=chart-traits] svg").TextContent);
        Assert.Contains("last 30 days", cut.Find("[data-testid=chart-activity]").TextContent);
    }

    [Fact]
    public async Task A_person_created_elsewhere_appears_without_a_reload()
    {
        var cut = Render<DashboardView>(p => p.Add(c => c.WorkspaceId, Ws));
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=stat-total] .stat-value").TextContent.Trim()));
        Assert.NotNull(cut.Find("[data-testid=chart-status] .stats-chart-empty"));

        await People.CreateAsync(Actor.System, Ws, PersonInput.For("live"));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=stat-total] .stat-value").TextContent.Trim()), TimeSpan.FromSeconds(2));
        Assert.Empty(cut.FindAll("[data-testid=chart-status] .stats-chart-empty"));
    }

    [Fact]
    public void The_range_switch_changes_the_days_shown()
    {
        var cut = Render<DashboardView>(p => p.Add(c => c.WorkspaceId, Ws));
        cut.WaitForElement("[data-testid=range-switch]");
        cut.FindAll("[data-testid=range-switch] .mud-toggle-item").Single(b => b.TextContent.Contains("7 days")).Click();
        Assert.Contains("last 7 days", cut.Find("[data-testid=chart-activity]").TextContent);
    }
}
