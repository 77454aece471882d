using Flameup.Admin.Core.Demo;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Workspaces;

namespace Flameup.Admin.Web.Cli;

/// <summary><c>seed-demo [--people N] [--workspace ws_demo]</c>: fills a workspace with generated people and events.</summary>
public static class SeedDemoVerb
{
    public static void Register() => CliCommands.Register("seed-demo", RunAsync);

    static async Task<int> RunAsync(IServiceProvider sp, CliArgs a)
    {
        var ws = a["workspace"] ?? WorkspaceService.DemoId;
        if (!long.TryParse(a["people"] ?? "1000", out var people) || people is < 1 or > 10_000_000)
            throw new CliException("--people must be a number from 1 to 10000000");
        await sp.GetRequiredService<WorkspaceService>().EnsureAsync(ws);
        var result = await sp.GetRequiredService<IDemoSeeder>().SeedAsync(ws, people,
            progress: done => Console.Error.WriteLine($"  {done:N0} / {people:N0}"));
        Console.WriteLine($"Added {result.People:N0} people and {result.Events:N0} events to {ws} in {result.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }
}
