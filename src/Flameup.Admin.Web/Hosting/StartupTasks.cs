using Flameup.Admin.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Flameup.Admin.Web.Hosting;

/// <summary>Before the server listens: migrate the schema, create the demo workspace and first admin; once it listens, say where.</summary>
public sealed class StartupTasks(IServiceProvider services, FirstRun firstRun, IHostApplicationLifetime lifetime, IServer server) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await services.MigrateDatabaseAsync(ct);
        var demo = await firstRun.CreateDemoWorkspaceAsync(ct);
        var admin = await AdminUi.EnsureFirstAdminAsync(services, ct);
        lifetime.ApplicationStarted.Register(() => PrintBanner(demo, admin));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    void PrintBanner(FirstRun.DemoKey? demo, AdminUi.FirstAdmin? admin)
    {
        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost") ?? "http://localhost:5000";
        var lines = new List<string> { "", $"Flameup Admin is running at {url}", $"  API reference: {url}/api/docs" };
        if (admin is not null)
        {
            lines.Add($"  Sign in at {url}/account/login as {admin.Email} with password: {admin.Password}");
            lines.Add(admin.OneTime
                ? "  (shown once, and works once: you choose your own password when you first sign in)"
                : "  (change it under the user menu → Change password)");
        }
        if (demo is not null)
        {
            lines.Add($"  Demo workspace: {demo.WorkspaceId}");
            lines.Add($"  Demo API key (shown once): {demo.Secret}");
            lines.Add($"  Try: curl \"{url}/api/v1/workspaces/{demo.WorkspaceId}/people/stats\" -H \"Authorization: Bearer {demo.Secret}\"");
        }
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
