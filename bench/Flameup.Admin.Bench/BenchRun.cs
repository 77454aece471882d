using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Flameup.Admin.Bench;

/// <summary>
/// The whole benchmark: a database of N people, the real server (release build) and the floor server
/// on 127.0.0.1, every scenario bounded in time, floors measured right before what they bound.
/// </summary>
public static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var started = DateTimeOffset.UtcNow;
        var workDir = o.WorkDir ?? Directory.CreateTempSubdirectory("flameup-bench-").FullName;
        Directory.CreateDirectory(workDir);
        var log = Console.Error;
        var notes = new List<string>();
        await using var store = BenchStore.For(o, workDir);
        var g = await store.PrepareAsync(o.Workspace, o.People, log);
        if (g is not null) notes.Add($"generated {g.People:N0} people and {g.Events:N0} events in {g.Elapsed.TotalSeconds:F0} s");
        if (o.IsPostgres) notes.Add($"PostgreSQL {store.Describe}{(g is null ? " (generated before, reused)" : "")}");
        var key = await store.CreateKeyAsync(o.Workspace);
        var workload = await store.LoadWorkloadAsync(o.Workspace, 20_000, 7);
        log.WriteLine($"{workload.PeopleCount:N0} people in {o.Workspace}; sample of {workload.Sample.Count:N0}.");

        var serverDll = o.ServerDll ?? Path.Combine(RepoRoot(), "src", "Flameup.Admin.Web", "bin", "Release", "net10.0", "Flameup.Admin.Web.dll");
        if (!File.Exists(serverDll)) throw new FileNotFoundException($"Build the server first: dotnet build -c Release src/Flameup.Admin.Web ({serverDll})");
        var serverUri = new Uri($"http://127.0.0.1:{o.BasePort + 1}");
        var floorUri = new Uri($"http://127.0.0.1:{o.BasePort + 2}");
        var environment = new Dictionary<string, string>(store.ServerEnvironment)
        {
            ["Flameup__CreateDemoWorkspace"] = "false",
            ["Flameup__Api__RateLimitPerSecond"] = "10000000",
            ["Flameup__Api__RateLimitBurst"] = "10000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        Task<ServerProcess> StartServer(Uri uri, string logName) =>
            ServerProcess.StartAsync(serverDll, [], uri, "/health/ready", environment, Path.Combine(workDir, logName));
        await using var server = await StartServer(serverUri, "server.log");
        await using var floor = await ServerProcess.StartAsync(typeof(BenchRun).Assembly.Location, ["floor-server", .. store.FloorServerArgs],
            floorUri, "/ready", new Dictionary<string, string>(), Path.Combine(workDir, "floor.log"));
        log.WriteLine($"Server pid {server.Id} at {serverUri}, floor server pid {floor.Id} at {floorUri}; idle RSS {server.RssMiB:F0} MiB.");

        using var api = new LoadDriver(serverUri);
        api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var floorHttp = new LoadDriver(floorUri);
        var secondUri = new Uri($"http://127.0.0.1:{o.BasePort + 3}");
        var rows = await new Scenarios(o, workload, api, floorHttp, store, log)
        {
            SecondHost = o.Hosts > 1 ? () => StartServer(secondUri, "server2.log") : null,
        }.RunAsync();
        rows.Add(Row.Memory(server.PeakRssMiB, server.HighWaterMiB));

        var report = Report.Markdown(started, o, workload, rows, notes);
        Console.WriteLine(report);
        var outPath = o.Out ?? Path.Combine(workDir, "results.md");
        await File.WriteAllTextAsync(outPath, report);
        log.WriteLine($"Results written to {outPath}.");
        return 0;
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flameup.Admin.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
