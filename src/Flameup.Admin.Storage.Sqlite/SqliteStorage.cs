using Flameup.Admin.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>The embedded default storage: one SQLite file, its group-commit writer, FTS5 search and counters.</summary>
public static class SqliteStorage
{
    /// <summary>Stores everything in the SQLite database of <paramref name="connectionString"/>.</summary>
    public static FlameupCoreBuilder UseSqlite(this FlameupCoreBuilder builder, string connectionString) =>
        builder.UseSqlite(_ => connectionString);

    /// <summary>Same, with the connection string resolved when first needed (so hosts and tests can override configuration late).</summary>
    public static FlameupCoreBuilder UseSqlite(this FlameupCoreBuilder builder, Func<IServiceProvider, string> connectionString)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new Database(connectionString(sp)));
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) => Configure(o, sp.GetRequiredService<Database>().ConnectionString));
        services.AddSingleton<IPeopleReader, SqlitePeopleReader>();
        services.AddSingleton<IWriteUnit, SqliteWriteUnit>();
        services.AddSingleton<IStatsReader, SqliteStatsReader>();
        services.AddSingleton<IDatabaseSetup, SqliteSetup>();
        services.AddSingleton<IDemoSeeder, DemoSeeder.Port>();
        services.AddSingleton(sp => new StorageInfo("Sqlite", sp.GetRequiredService<Database>().Folder));
        return builder;
    }

    /// <summary>EF Core on SQLite with this project's migrations.</summary>
    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(SqliteStorage).Assembly.GetName().Name));
}

/// <summary>Turns on write-ahead logging, then creates or migrates the schema.</summary>
internal sealed class SqliteSetup(Database database, IDbContextFactory<AppDbContext> contexts) : IDatabaseSetup
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using (var c = new SqliteConnection(database.ConnectionString))
        {
            await c.OpenAsync(ct);
            await using var wal = c.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }
}
