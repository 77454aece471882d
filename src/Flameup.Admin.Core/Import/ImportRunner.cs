using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// The host's side of imports: on start, and then every third of the lease, this host renews the leases of its own
/// imports and takes over those whose host died (lease lapsed); on stop, its running imports end their batch and are
/// released for the next host to sweep rather than being cut off mid-batch.
/// Register it after the hosted service that migrates the database.
/// </summary>
public sealed class ImportRunner(ImportService imports, TimeProvider clock, ILogger<ImportRunner> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await imports.RecoverAsync(cancellationToken); // before the server takes requests, so no new import is mistaken for a stale one
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Keeps this host's leases on its running imports, and takes over those of hosts that died.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(imports.LeaseRenewal, clock, stoppingToken);
                await imports.RenewLeasesAsync(stoppingToken);
                await imports.SweepLapsedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "Could not renew import leases; trying again"); }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await imports.StopAllAsync().WaitAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }
}

public static class ImportServices
{
    /// <summary>Imports and exports; the host also adds <see cref="ImportRunner"/> as a hosted service.</summary>
    public static IServiceCollection AddFlameupImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<Export.PeopleExporter>();
        return services;
    }
}
