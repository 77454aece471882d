using Microsoft.Extensions.Logging;
using Npgsql;

namespace Flameup.Admin.Storage.Postgres.Signals;

/// <summary>
/// One dedicated connection per host that LISTENs for <see cref="PgSignalBus.Channel"/>. When it breaks (database
/// restart, terminated backend, network), it connects again with growing pauses, and after each LISTEN tells the
/// subscribers to resync: notices sent while nobody listened are gone. It is named <c>flameup-signals</c> in
/// <c>pg_stat_activity</c>.
/// </summary>
sealed class PgSignalListener
{
    public const string ApplicationName = "flameup-signals";
    // An idle connection can die without a word (a firewall dropping it): a query this often finds out.
    static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15);
    static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250), LongestPause = TimeSpan.FromSeconds(5);

    readonly PgSignalBus _bus;
    readonly ILogger _log;
    readonly NpgsqlDataSource _source;

    public PgSignalListener(string connectionString, PgSignalBus bus, ILogger log, CancellationToken stopping)
    {
        _bus = bus;
        _log = log;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = ApplicationName,
            Pooling = false, // a broken connection is thrown away, never handed out again
        };
        _source = NpgsqlDataSource.Create(builder);
        Stopped = Task.Run(() => RunAsync(stopping));
    }

    /// <summary>Completes once the listener stopped (the bus was disposed).</summary>
    public Task Stopped { get; }

    async Task RunAsync(CancellationToken stopping)
    {
        var pause = FirstPause;
        var failing = false;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await using var connection = await _source.OpenConnectionAsync(stopping);
                    connection.Notification += (_, e) => _bus.Deliver(e.Payload);
                    await using (var listen = new NpgsqlCommand($"LISTEN {PgSignalBus.Channel}", connection))
                        await listen.ExecuteNonQueryAsync(stopping);
                    if (failing) _log.LogInformation("Listening for change notices again");
                    failing = false;
                    pause = FirstPause;
                    _bus.DeliverResync();
                    while (true)
                    {
                        if (await connection.WaitAsync(PingEvery, stopping)) continue;
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stopping);
                    }
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    if (!failing) _log.LogWarning("Lost the change notice connection ({Reason}); reconnecting", e.Message);
                    failing = true;
                    await Task.Delay(pause, stopping);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        finally
        {
            await _source.DisposeAsync();
        }
    }
}
