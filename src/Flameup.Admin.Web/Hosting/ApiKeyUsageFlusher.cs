using Flameup.Admin.Core.ApiKeys;

namespace Flameup.Admin.Web.Hosting;

/// <summary>Writes API keys' last-use times every few seconds and at shutdown (never on the request path).</summary>
public sealed class ApiKeyUsageFlusher(ApiKeyService keys, ILogger<ApiKeyUsageFlusher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    async Task FlushAsync(CancellationToken ct)
    {
        try { await keys.FlushLastUsedAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Could not record API key use"); }
    }
}
