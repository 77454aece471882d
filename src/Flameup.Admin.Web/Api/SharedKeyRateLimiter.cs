using System.Threading.RateLimiting;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// One API key's rate limit on this host when several hosts share the database: tokens come from the key's bucket in
/// the database (<see cref="ISharedTokenBuckets"/>), taken in chunks of a tenth of a second's worth and spent here
/// request by request, so a busy key costs the database about ten round trips per second per host, not one per request.
/// After a take that could not fill a chunk, this host asks again only once the bucket would hold a chunk, and refuses
/// in between without a round trip.
/// Overshoot: the cluster admits at most what the database granted plus what the hosts held at the start of a window,
/// so over any window W at most burst + perSecond·W + hosts·chunk (a host holds at most one chunk: it takes only when
/// it has run out). Undershoot: what a host took but does not use is lost to the others (at most a chunk per host).
/// </summary>
public sealed class SharedKeyRateLimiter : RateLimiter
{
    const int MaxTakes = 8; // a request that keeps losing the chunk to others gives up (429) rather than wait longer

    readonly ISharedTokenBuckets _buckets;
    readonly string _workspaceId, _keyId;
    readonly int _perSecond, _burst;
    readonly TimeProvider _clock;
    readonly Lock _gate = new();
    int _held;
    long _waitUntil; // timestamp before which the bucket cannot fill a chunk
    long _lastUsed;
    Task? _taking;

    public SharedKeyRateLimiter(ISharedTokenBuckets buckets, string workspaceId, string keyId, int perSecond, int burst, TimeProvider? clock = null)
    {
        _buckets = buckets;
        _workspaceId = workspaceId;
        _keyId = keyId;
        _perSecond = Math.Max(1, perSecond);
        _burst = Math.Max(1, burst);
        _clock = clock ?? TimeProvider.System;
        Chunk = Math.Clamp(_perSecond / 10, 1, _burst);
        _lastUsed = _clock.GetTimestamp();
    }

    /// <summary>Tokens taken from the database at a time, and the most one host holds.</summary>
    public int Chunk { get; }

    public override TimeSpan? IdleDuration
    {
        get { lock (_gate) return _taking is null ? _clock.GetElapsedTime(_lastUsed) : null; }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate) return new RateLimiterStatistics { CurrentAvailablePermits = _held };
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            _lastUsed = _clock.GetTimestamp();
            if (_held >= Math.Max(1, permitCount))
            {
                _held -= permitCount;
                return Lease.Acquired;
            }
            return Lease.Refused(RetryAfter());
        }
    }

    /// <summary>Spends a held token, or waits for the one take in flight (starting it if none), then tries again.</summary>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxTakes; attempt++)
        {
            Task taking;
            lock (_gate)
            {
                _lastUsed = _clock.GetTimestamp();
                if (_held >= Math.Max(1, permitCount))
                {
                    _held -= permitCount;
                    return Lease.Acquired;
                }
                if (_taking is null && _clock.GetTimestamp() < _waitUntil) return Lease.Refused(RetryAfter());
                taking = _taking ??= TakeAsync(Math.Max(Chunk, permitCount));
            }
            await taking.WaitAsync(ct);
        }
        lock (_gate) return Lease.Refused(RetryAfter());
    }

    async Task TakeAsync(int want)
    {
        await Task.Yield(); // the caller holds the lock
        try
        {
            var grant = await _buckets.TakeAsync(_workspaceId, _keyId, want, _perSecond, _burst);
            lock (_gate)
            {
                _held += grant.Granted;
                if (grant.Granted < want)
                    _waitUntil = _clock.GetTimestamp() + (long)((Chunk - grant.Left) / _perSecond * _clock.TimestampFrequency);
            }
        }
        finally
        {
            lock (_gate) _taking = null;
        }
    }

    TimeSpan RetryAfter()
    {
        var wait = _waitUntil - _clock.GetTimestamp();
        return wait > 0 ? TimeSpan.FromSeconds((double)wait / _clock.TimestampFrequency) : TimeSpan.FromSeconds(1.0 / _perSecond);
    }

    sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);
        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
