using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Hosting;

/// <summary>On a fresh database: the demo workspace and a key for it, printed once so the API can be called at once.</summary>
public sealed class FirstRun(WorkspaceService workspaces, ApiKeyService keys, IOptions<HostSettings> settings)
{
    public sealed record DemoKey(string WorkspaceId, string Secret);

    public async Task<DemoKey?> CreateDemoWorkspaceAsync(CancellationToken ct = default)
    {
        if (!settings.Value.CreateDemoWorkspace) return null;
        if ((await workspaces.ListAsync(ct)).Count > 0) return null;
        await workspaces.CreateAsync(Actor.System, WorkspaceService.DemoId, "Demo workspace", ct);
        var key = await keys.CreateAsync(Actor.System, WorkspaceService.DemoId, "Demo key", ApiKeyScopes.All, ct);
        return new DemoKey(WorkspaceService.DemoId, key.Secret);
    }
}
