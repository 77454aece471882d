using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Tests.Admins;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Workspaces;

public sealed class WorkspacePermissionTests : IAsyncLifetime
{
    readonly AdminTestHost _host = new();
    WorkspaceService Workspaces => _host.Services.GetRequiredService<WorkspaceService>();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_viewer_cannot_create_or_rename_a_workspace_through_the_service()
    {
        await _host.SeedAsync("viewer@example.com", AdminRoles.Viewer);
        var viewer = await _host.Permissions.ActorAsync(AdminTestHost.Principal(await ActorOf("viewer@example.com")));

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Workspaces.CreateAsync(viewer, "ws_sneaky", "Sneaky"));
        Assert.Contains("Viewer", e.Message);
        Assert.Null(await Workspaces.GetAsync("ws_sneaky"));

        await Workspaces.EnsureAsync("ws_kept", "Kept");
        await Assert.ThrowsAsync<ForbiddenException>(() => Workspaces.RenameAsync(viewer, "ws_kept", "Renamed"));
        Assert.Equal("Kept", (await Workspaces.GetAsync("ws_kept"))!.Name);
    }

    [Fact]
    public async Task An_admin_and_the_command_line_can_create_workspaces()
    {
        var admin = await _host.SeedAsync("admin@example.com", AdminRoles.Admin);
        Assert.Equal("ws_by_admin", (await Workspaces.CreateAsync(admin, "ws_by_admin", null)).Id);
        Assert.Equal("ws_by_cli", (await Workspaces.CreateAsync(Actor.System, "ws_by_cli", null)).Id);
        Assert.Equal("ws_ensured", (await Workspaces.EnsureAsync("ws_ensured")).Id);
    }

    async Task<AdminActor> ActorOf(string email) =>
        new((await _host.Users.ListAsync()).Single(u => u.Email == email).Id, email, "from the cookie: not trusted");
}
