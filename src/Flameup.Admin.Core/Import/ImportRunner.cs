using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// The host's side of imports: on start, imports a killed server left running are marked interrupted; on
/// stop, running imports end as interrupted (resumable) rather than being cut off mid-batch.
/// Register it after the hosted service that migrates the database.
/// </summary>
public sealed class ImportRunner(ImportService imports) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await imports.RecoverAsync(cancellationToken); // before the server takes requests, so no new import is mistaken for a stale one
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;

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
