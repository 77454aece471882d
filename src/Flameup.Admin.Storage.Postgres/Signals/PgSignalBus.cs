using System.Threading.Channels;
using Flameup.Admin.Core.Signals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Flameup.Admin.Storage.Postgres.Signals;

/// <summary>
/// The signal bus of several hosts on one PostgreSQL database. A publish reaches this host's subscribers at once and is
/// queued for one sender, which sends everything queued meanwhile (duplicates merged) as one NOTIFY: under a burst of
/// writes the database sees one NOTIFY per round trip, not one per write. Other hosts hear it through their
/// <see cref="PgSignalListener"/>; this host skips its own echo. Starts with the first subscriber or publish.
/// </summary>
public sealed class PgSignalBus : ISignalBus, IAsyncDisposable, IDisposable
{
    public const string Channel = "flameup_signals";
    static readonly TimeSpan[] SendRetries = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    readonly PgDatabase _database;
    readonly ILogger _log;
    readonly LocalSignalBus _local = new();
    readonly Channel<Signal> _outbox = System.Threading.Channels.Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
    readonly CancellationTokenSource _stopping = new();
    readonly Lock _gate = new();
    PgSignalListener? _listener;
    Task? _sending;
    int _disposed;

    public PgSignalBus(PgDatabase database, ILogger<PgSignalBus>? log = null)
    {
        _database = database;
        _log = log ?? (ILogger)NullLogger.Instance;
        HostId = "h" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>This host's id in the payloads it sends.</summary>
    public string HostId { get; }

    public void Publish(Signal signal)
    {
        _local.Publish(signal);
        if (signal.Kind == SignalKind.Resync || Volatile.Read(ref _disposed) != 0) return;
        Start();
        _outbox.Writer.TryWrite(signal);
    }

    public IDisposable Subscribe(Action<Signal> handler)
    {
        var subscription = _local.Subscribe(handler);
        Start();
        return subscription;
    }

    /// <summary>A notice another host sent (or <see cref="Signal.Resync"/> after the listener reconnected).</summary>
    internal void Deliver(string payload)
    {
        var (host, signals) = SignalPayload.Decode(payload);
        if (host == HostId) return; // delivered locally when published
        foreach (var signal in signals) _local.Publish(signal);
    }

    internal void DeliverResync() => _local.Publish(Signal.Resync);

    void Start()
    {
        if (_sending is not null) return;
        lock (_gate)
        {
            if (_sending is not null || _disposed != 0) return;
            _listener = new PgSignalListener(_database.ConnectionString, this, _log, _stopping.Token);
            _sending = Task.Run(SendLoopAsync);
        }
    }

    async Task SendLoopAsync()
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new HashSet<Signal>();
            while (reader.TryRead(out var signal)) batch.Add(signal);
            await SendAsync(SignalPayload.Encode(HostId, batch));
        }
    }

    async Task SendAsync(List<string> payloads)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await _database.OpenAsync();
                await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) AS p", connection);
                notify.Parameters.AddWithValue("channel", Channel);
                notify.Parameters.AddWithValue("payloads", payloads.ToArray());
                await notify.ExecuteNonQueryAsync();
                return;
            }
            catch (Exception e) when (attempt < SendRetries.Length && !_stopping.IsCancellationRequested)
            {
                _log.LogDebug(e, "Could not send change notices; trying again");
                await Task.Delay(SendRetries[attempt]);
            }
            catch (Exception e)
            {
                // Other hosts fall back on their short cache bounds; after a database restart their listeners resync anyway.
                _log.LogWarning(e, "Could not send {Count} change notice(s) to the other hosts", payloads.Count);
                return;
            }
        }
    }

    /// <summary>Sends what is queued (so a command line's revoke reaches the servers), then stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _outbox.Writer.TryComplete();
        Task? sending;
        lock (_gate) sending = _sending;
        if (sending is not null)
        {
            try { await sending.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { _log.LogWarning("Change notices were still being sent at shutdown"); }
        }
        await _stopping.CancelAsync();
        if (_listener is not null) await _listener.Stopped;
        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
