using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Live;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Storage.Sqlite;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flameup.Admin.Core;

public static class CoreServices
{
    /// <summary>Registers the domain services and storage on the given SQLite connection string.</summary>
    public static IServiceCollection AddFlameupCore(this IServiceCollection services, string connectionString) =>
        services.AddFlameupCore(_ => connectionString);

    /// <summary>Same, with the connection string resolved when first needed (so hosts and tests can override configuration late).</summary>
    public static IServiceCollection AddFlameupCore(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddSingleton(sp => new Database(connectionString(sp)));
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<Database>().ConnectionString));
        services.AddSingleton<IPeopleReader, SqlitePeopleReader>();
        services.AddSingleton<IWriteUnit, SqliteWriteUnit>();
        services.AddSingleton<IStatsReader, SqliteStatsReader>();
        services.AddSingleton(sp => new StorageInfo("Sqlite", sp.GetRequiredService<Database>().Folder));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PeopleChangeNotifier>();
        services.AddSingleton<IPeopleChangeNotifier>(sp => sp.GetRequiredService<PeopleChangeNotifier>());
        services.AddSingleton<PeopleService>();
        services.AddSingleton<EventsService>();
        services.AddSingleton<StatsService>();
        services.AddSingleton<WorkspaceService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<DailyActivityService>();
        services.AddSingleton<TraitKeyStatsService>();
        services.AddSingleton<LiveDashboard>();
        services.AddSingleton<Permissions>();
        services.AddSingleton<AdminUserService>();
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
