using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flameup.Admin.Core;

public static class CoreServices
{
    /// <summary>Registers the domain services and storage on the given SQLite connection string.</summary>
    public static IServiceCollection AddFlameupCore(this IServiceCollection services, string connectionString)
    {
        var database = new Database(connectionString);
        services.AddSingleton(database);
        services.AddPooledDbContextFactory<AppDbContext>(o => o.UseSqlite(database.ConnectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PeopleChangeNotifier>();
        services.AddSingleton<IPeopleChangeNotifier>(sp => sp.GetRequiredService<PeopleChangeNotifier>());
        services.AddSingleton<PeopleService>();
        services.AddSingleton<EventsService>();
        services.AddSingleton<StatsService>();
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<ApiKeyService>();
        return services;
    }

    /// <summary>Creates or migrates the schema and turns on write-ahead logging.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var database = services.GetRequiredService<Database>();
        await using (var c = new SqliteConnection(database.ConnectionString))
        {
            await c.OpenAsync(ct);
            await using var wal = c.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }
}
