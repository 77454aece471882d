using System.Threading.RateLimiting;
using Flameup.Admin.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// Counts API requests answered 401 per client address; once a client used up its allowance for the window, every
/// API request from it gets 429 before its key is looked up, until the window ends. Requests with a valid key never
/// count, so a busy integration is never slowed by this (its key has its own per-key limit).
/// </summary>
public sealed class FailedAuthThrottle : IDisposable
{
    readonly PartitionedRateLimiter<string> _failures;
    /// <summary>Clients with failures in their current window.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _failing = new(StringComparer.Ordinal);

    public FailedAuthThrottle(IOptions<SecuritySettings> options)
    {
        var s = options.Value;
        var limit = Math.Max(1, s.ApiFailedAuthLimit);
        var window = TimeSpan.FromSeconds(Math.Max(1, s.ApiFailedAuthWindowSeconds));
        Limit = limit;
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public int Limit { get; }

    /// <summary>Whether the client has no failures left in this window; if so, the seconds until it has.</summary>
    public bool IsBlocked(HttpContext context, out int retryAfterSeconds)
    {
        retryAfterSeconds = 1;
        var client = ClientAddress.Of(context);
        // Clients without failures in the window (nearly every request) skip the limiter and its lock.
        if (!_failing.ContainsKey(client)) return false;
        // Asking for zero permits only looks: it fails when none are left, and says when they come back.
        using var probe = _failures.AttemptAcquire(client, 0);
        if (!probe.IsAcquired)
        {
            if (probe.TryGetMetadata(MetadataName.RetryAfter, out var after)) retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds));
            return true;
        }
        // A new window with no failures yet: forget the client. (A failure recorded in between can slip one attempt.)
        if (_failures.GetStatistics(client)?.CurrentAvailablePermits >= Limit) _failing.TryRemove(client, out _);
        return false;
    }

    public void RecordFailure(HttpContext context)
    {
        var client = ClientAddress.Of(context);
        _failing.TryAdd(client, 0);
        using var _ = _failures.AttemptAcquire(client);
    }

    public void Dispose() => _failures.Dispose();
}
