using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Live;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Signals;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flameup.Admin.Core;

/// <summary>Where the storage of <see cref="CoreServices.AddFlameupCore"/> is chosen (e.g. <c>o.UseSqlite(cs)</c>).</summary>
public sealed class FlameupCoreBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;
}

public static class CoreServices
{
    /// <summary>
    /// Registers the domain services on the storage <paramref name="storage"/> chooses, the one place a provider is
    /// selected: <c>services.AddFlameupCore(o => o.UseSqlite(connectionString))</c>.
    /// </summary>
    public static IServiceCollection AddFlameupCore(this IServiceCollection services, Action<FlameupCoreBuilder> storage)
    {
        storage(new FlameupCoreBuilder(services));
        if (!services.Any(d => d.ServiceType == typeof(IWriteUnit)))
            throw new InvalidOperationException("AddFlameupCore needs a storage: call o.UseSqlite(...) in its configuration.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISignalBus, LocalSignalBus>(); // a storage shared by several hosts registers its own
        services.AddSingleton<IPeopleChangeNotifier, PeopleChangeNotifier>();
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

    /// <summary>Creates or migrates the schema of the configured storage.</summary>
    public static Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<IDatabaseSetup>().MigrateAsync(ct);
}
