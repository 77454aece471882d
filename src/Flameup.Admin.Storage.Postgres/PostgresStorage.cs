using Flameup.Admin.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>Storage past one machine: one PostgreSQL database shared by any number of hosts.</summary>
public static class PostgresStorage
{
    /// <summary>Stores everything in the PostgreSQL database of the Npgsql <paramref name="connectionString"/>.</summary>
    public static FlameupCoreBuilder UsePostgres(this FlameupCoreBuilder builder, string connectionString) =>
        builder.UsePostgres(_ => connectionString);

    /// <summary>Same, with the connection string resolved when first needed.</summary>
    public static FlameupCoreBuilder UsePostgres(this FlameupCoreBuilder builder, Func<IServiceProvider, string> connectionString)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new PgDatabase(connectionString(sp)));
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) => Configure(o, sp.GetRequiredService<PgDatabase>().DataSource));
        services.AddSingleton<IPeopleReader, PgPeopleReader>();
        services.AddSingleton<PgSearchIndexMerger>();
        services.AddSingleton<IWriteUnit, PgWriteUnit>();
        services.AddSingleton<IStatsReader, PgStatsReader>();
        services.AddSingleton<IDatabaseSetup, PgSetup>();
        services.AddSingleton<IDemoSeeder, PgDemoSeeder>();
        services.AddSingleton(new StorageInfo("Postgres", null));
        // --- pg-signals: change notices between hosts (LISTEN/NOTIFY) and API key rate limits shared by all hosts ---
        services.AddSingleton<Signals.PgSignalBus>();
        services.AddSingleton<Flameup.Admin.Core.Signals.ISignalBus>(sp => sp.GetRequiredService<Signals.PgSignalBus>());
        services.AddSingleton<ISharedTokenBuckets, RateLimits.PgTokenBuckets>();
        // --- end pg-signals ---
        return builder;
    }

    /// <summary>EF Core on PostgreSQL with this project's migrations (literal SQL; the shared model stays provider-neutral).</summary>
    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, o => o.MigrationsAssembly(typeof(PostgresStorage).Assembly.GetName().Name))
            // The migrations are hand-written SQL without a model snapshot: the model check does not apply.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
}
