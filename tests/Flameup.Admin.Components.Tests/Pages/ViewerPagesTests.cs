using System.Security.Claims;
using Bunit;
using Flameup.Admin.Components.Import;
using Flameup.Admin.Components.Tests.Import;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Web.Components.Pages;
using Flameup.Admin.Web.Components.Pages.Import;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Flameup.Admin.Components.Tests.Pages;

/// <summary>The host's pages as a Viewer sees them: nothing to change, not even before the role is known.</summary>
public sealed class ViewerPagesTests : ImportComponentContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Get<WorkspaceService>().EnsureAsync("ws_second", "Second"); // two workspaces: the home page stays put
    }

    [Fact]
    public async Task A_viewer_sees_the_workspaces_but_no_form_to_create_one()
    {
        SignIn(await CreateUserAsync("viewer@example.com", AdminRoles.Viewer));
        var home = Render<HomePage>();
        home.WaitForAssertion(() => Assert.Contains("Second", home.Markup));
        Assert.Empty(home.FindAll("[data-testid=create-workspace]"));
        Assert.Empty(home.FindAll("[data-testid=new-workspace-card]"));
    }

    [Fact]
    public void An_admin_sees_an_enabled_create_button()
    {
        var home = Render<HomePage>();
        home.WaitForElement("[data-testid=create-workspace]:not([disabled])");
    }

    [Fact]
    public async Task The_import_page_never_renders_the_workflow_for_a_viewer_not_even_while_the_role_is_read()
    {
        var viewer = await CreateUserAsync("viewer@example.com", AdminRoles.Viewer);
        var auth = new TaskCompletionSource<AuthenticationState>();
        var page = Render(b =>
        {
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            b.AddAttribute(1, "Value", auth.Task);
            b.AddAttribute(2, "ChildContent", (RenderFragment)(c =>
            {
                c.OpenComponent<ImportPage>(0);
                c.AddAttribute(1, nameof(ImportPage.WorkspaceId), Ws);
                c.CloseComponent();
            }));
            b.CloseComponent();
        });

        page.WaitForAssertion(() => Assert.Contains("Bring people in", page.Markup)); // the workspace is loaded, the role not yet
        Assert.Empty(page.FindComponents<ImportWorkflow>());
        Assert.Empty(page.FindAll("input[type=file]"));

        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, viewer.UserId), new Claim(ClaimTypes.Name, viewer.Email)], "test"));
        auth.SetResult(new AuthenticationState(principal));
        page.WaitForAssertion(() => Assert.Contains("an Admin can start one", page.Markup));
        Assert.Empty(page.FindComponents<ImportWorkflow>());
    }

    [Fact]
    public void The_import_page_shows_the_workflow_to_an_admin()
    {
        var page = Render<ImportPage>(p => p.Add(x => x.WorkspaceId, Ws));
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<ImportWorkflow>()));
    }
}
