using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests;

/// <summary>The app on a real Kestrel port, for clients outside the process.</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }
}

/// <summary>
/// Runs the Python, JavaScript and curl snippets of people-api-seed.txt (tests/seed-snippets, each copied
/// unchanged but for the host) against the server. A missing interpreter is reported as a failure, not
/// silently passed: the CI machine has python3 with requests, node and curl.
/// </summary>
public sealed class SeedSnippetsTests(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    static readonly string Folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../seed-snippets"));

    [Theory]
    [InlineData("python3", "snippets.py")]
    [InlineData("node", "snippets.mjs")]
    [InlineData("bash", "snippets-curl.sh")]
    public async Task The_public_documentation_snippets_run_unchanged(string interpreter, string script)
    {
        var baseUrl = factory.BaseUrl;
        var (ws, key) = await factory.NewWorkspaceAsync();
        var start = new ProcessStartInfo(interpreter, [Path.Combine(Folder, script), baseUrl, ws, key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{script} failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("snippets passed", await stdout);
    }
}
