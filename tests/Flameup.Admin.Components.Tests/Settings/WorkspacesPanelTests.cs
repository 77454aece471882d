using Flameup.Admin.Components.Tests.Infrastructure;
using Bunit;
using Flameup.Admin.Components.Settings;
using Flameup.Admin.Core.Workspaces;

namespace Flameup.Admin.Components.Tests.Settings;

public sealed class WorkspacesPanelTests : ComponentTest
{
    IRenderedComponent<WorkspacesPanel> RenderPanel(Action<string>? onSwitch = null) =>
        Render<WorkspacesPanel>(p => p.Add(c => c.CurrentWorkspaceId, Ws).Add(c => c.OnSwitch, id => onSwitch?.Invoke(id)));

    [Fact]
    public async Task A_bad_id_is_named_inline_and_nothing_is_created()
    {
        var cut = RenderPanel();
        cut.WaitForElement("[data-testid=create-workspace]:not([disabled])");
        cut.Find("input[data-testid=new-workspace-id]").Change("acme corp");
        cut.Find("[data-testid=create-workspace]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Id must be 'ws_' followed by", cut.Markup));
        Assert.Single(await Get<WorkspaceService>().ListAsync());
    }

    [Fact]
    public async Task Create_rename_and_switch()
    {
        string? switchedTo = null;
        var cut = RenderPanel(id => switchedTo = id);
        cut.WaitForElement("[data-testid=create-workspace]:not([disabled])");

        cut.Find("input[data-testid=new-workspace-id]").Change("ws_acme");
        cut.Find("[data-testid=create-workspace]").Click();
        cut.WaitForAssertion(() => Assert.Contains("ws_acme", cut.Find("[data-testid=workspaces-table]").TextContent));

        var row = cut.FindAll("[data-testid=workspaces-table] tbody tr").Single(r => r.TextContent.Contains("ws_acme"));
        row.QuerySelectorAll("button").Single(b => b.TextContent.Contains("Rename")).Click();
        cut.Find("input[data-testid=rename-input]").Change("Acme Inc.");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click();
        cut.WaitForAssertion(() => Assert.Contains("Acme Inc.", cut.Find("[data-testid=workspaces-table]").TextContent));
        Assert.Equal("Acme Inc.", (await Get<WorkspaceService>().GetAsync("ws_acme"))!.Name);

        row = cut.FindAll("[data-testid=workspaces-table] tbody tr").Single(r => r.TextContent.Contains("ws_acme"));
        row.QuerySelectorAll("button").Single(b => b.TextContent.Contains("Switch to")).Click();
        Assert.Equal("ws_acme", switchedTo);
    }

    [Fact]
    public void A_duplicate_id_is_a_conflict_named_on_the_field()
    {
        var cut = RenderPanel();
        cut.WaitForElement("[data-testid=create-workspace]:not([disabled])");
        cut.Find("input[data-testid=new-workspace-id]").Change(Ws);
        cut.Find("[data-testid=create-workspace]").Click();
        cut.WaitForAssertion(() => Assert.Contains($"Workspace '{Ws}' already exists.", cut.Markup));
    }
}
