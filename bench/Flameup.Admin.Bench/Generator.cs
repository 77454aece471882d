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
        var result = await GenerateAsync(o => o.UseSqlite($"Data Source={dbPath}"), ws, people, log);
        SqliteConnection.ClearAllPools();
        return result;
    }

    /// <summary>The same on the storage <paramref name="storage"/> chooses (e.g. <c>o.UsePostgres(cs)</c>).</summary>
    public static async Task<DemoSeedResult> GenerateAsync(Action<FlameupCoreBuilder> storage, string ws, long people, TextWriter log)
    {
        await using var services = Services(storage);
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
        return result;
    }

    /// <summary>Creates an API key with every scope for the workspace; returns the secret.</summary>
    public static async Task<string> CreateKeyAsync(string dbPath, string ws)
    {
        var secret = await CreateKeyAsync(o => o.UseSqlite($"Data Source={dbPath}"), ws);
        SqliteConnection.ClearAllPools();
        return secret;
    }

    public static async Task<string> CreateKeyAsync(Action<FlameupCoreBuilder> storage, string ws)
    {
        await using var services = Services(storage);
        var created = await services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, "bench", ApiKeyScopes.All);
        return created.Secret;
    }

    static ServiceProvider Services(Action<FlameupCoreBuilder> storage)
    {
        var services = new ServiceCollection();
        services.AddFlameupCore(storage);
        return services.BuildServiceProvider();
    }
}
