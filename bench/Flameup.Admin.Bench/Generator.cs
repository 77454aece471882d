using Flameup.Admin.Core.Common;
using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Demo;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Bench;

/// <summary>A migrated database with a workspace of generated people, through the product's own migrations and seeder.</summary>
public static class Generator
{
    public static async Task<DemoSeedResult> GenerateAsync(string dbPath, string ws, long people, TextWriter log)
    {
        await using var services = Services(dbPath);
        await services.MigrateDatabaseAsync();
        await services.GetRequiredService<WorkspaceService>().EnsureAsync(ws, "Benchmark");
        var lastReport = DateTime.UtcNow;
        var result = await services.GetRequiredService<IDemoSeeder>().SeedAsync(ws, people, new DemoSeedOptions(),
            done =>
            {
                if ((DateTime.UtcNow - lastReport).TotalSeconds < 5 && done < people) return;
                lastReport = DateTime.UtcNow;
                log.WriteLine($"  {done:N0} / {people:N0} people");
            });
        log.WriteLine($"Generated {result.People:N0} people and {result.Events:N0} events in {result.Elapsed.TotalSeconds:F1} s (bulk: {result.Bulk}).");
        SqliteConnection.ClearAllPools();
        return result;
    }

    /// <summary>Creates an API key with every scope for the workspace; returns the secret.</summary>
    public static async Task<string> CreateKeyAsync(string dbPath, string ws)
    {
        await using var services = Services(dbPath);
        var created = await services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, "bench", ApiKeyScopes.All);
        SqliteConnection.ClearAllPools();
        return created.Secret;
    }

    static ServiceProvider Services(string dbPath)
    {
        var services = new ServiceCollection();
        services.AddFlameupCore(o => o.UseSqlite($"Data Source={dbPath}"));
        return services.BuildServiceProvider();
    }
}
