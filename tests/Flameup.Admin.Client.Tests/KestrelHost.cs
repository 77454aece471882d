using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Workspaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Client.Tests;

/// <summary>The real app on a real Kestrel port (127.0.0.1) with a fresh SQLite file in a temp folder.</summary>
public sealed class KestrelHost : WebApplicationFactory<Program>
{
    readonly string folder = Directory.CreateTempSubdirectory("flameup-client-").FullName;

    public KestrelHost() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:People", $"Data Source={Path.Combine(folder, "people.db")}");
        builder.UseSetting("Flameup:CreateDemoWorkspace", "false");
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }
    }

    /// <summary>A new workspace and a key with every scope.</summary>
    public async Task<(string Workspace, string Key)> NewWorkspaceAsync()
    {
        StartServer();
        var ws = "ws_" + Guid.NewGuid().ToString("N")[..12];
        await Services.GetRequiredService<WorkspaceService>().EnsureAsync(ws);
        var key = await Services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, "client", ApiKeyScopes.All);
        return (ws, key.Secret);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, true); } catch (IOException) { }
    }
}
