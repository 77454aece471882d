using Flameup.Admin.Core.Common;
using Flameup.Admin.Components.Tests.Infrastructure;
using Bunit;
using Flameup.Admin.Components.Settings;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using MudBlazor;

namespace Flameup.Admin.Components.Tests.Settings;

public sealed class ViewerTests : ComponentTest
{
    [Fact]
    public async Task A_viewer_sees_everything_with_every_change_button_disabled()
    {
        await Get<ApiKeyService>().CreateAsync(Actor.System, Ws, "Existing", [ApiKeyScopes.Read]);
        SignIn(await CreateUserAsync("viewer@example.com", AdminRoles.Viewer));

        var settings = Render<SettingsView>(p => p.Add(c => c.WorkspaceId, Ws));
        settings.WaitForElement("[data-testid=viewer-notice]");
        Assert.True(settings.Find("[data-testid=create-workspace]").HasAttribute("disabled"));
        foreach (var button in settings.FindAll("[data-testid=workspaces-table] button").Where(b => b.TextContent.Contains("Rename")))
            Assert.True(button.HasAttribute("disabled"));

        var keys = Render<ApiKeysPanel>(p => p.Add(c => c.WorkspaceId, Ws));
        keys.WaitForAssertion(() => Assert.Contains("Existing", keys.Markup));
        Assert.True(keys.Find("[data-testid=new-key]").HasAttribute("disabled"));
        Assert.True(keys.Find("[data-testid^=revoke-]").HasAttribute("disabled"));

        var users = Render<AdminUsersPanel>();
        users.WaitForAssertion(() => Assert.Contains("admin@example.com", users.Markup));
        Assert.True(users.Find("[data-testid=add-user]").HasAttribute("disabled"));
        Assert.All(users.FindAll("[data-testid^=remove-]"), b => Assert.True(b.HasAttribute("disabled")));
    }

    [Fact]
    public async Task A_user_demoted_to_viewer_while_the_page_is_open_is_refused_by_the_domain()
    {
        var page = Render<WorkspacesPanel>();
        page.WaitForElement("[data-testid=create-workspace]:not([disabled])"); // rendered as an Admin

        var other = await CreateUserAsync("other@example.com", AdminRoles.Admin);
        await Get<AdminUserService>().SetRoleAsync(other, Admin.UserId, AdminRoles.Viewer);

        page.Find("input[data-testid=new-workspace-id]").Change("ws_sneaky");
        page.Find("[data-testid=create-workspace]").Click();

        page.WaitForAssertion(() => Assert.Contains("Viewer", Get<ISnackbar>().ShownSnackbars.Single().Message));
        Assert.Null(await Get<WorkspaceService>().GetAsync("ws_sneaky"));
    }
}
