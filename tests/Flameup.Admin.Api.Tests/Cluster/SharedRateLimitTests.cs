using System.Diagnostics;
using System.Threading.RateLimiting;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>One API key drained through two hosts at once: the limit holds for both together.</summary>
public sealed class SharedRateLimitTests(PgTestDatabase db) : IClassFixture<PgTestDatabase>
{
    const int PerSecond = 100, Burst = 100;
    static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Two_hosts_draining_one_key_get_the_cluster_limit_together_not_twice_it()
    {
        await using var a = db.BuildHost();
        await using var b = db.BuildHost();
        foreach (var host in new[] { a, b }) // connections open and code warm, so the window measures the limit only
            await host.GetRequiredService<ISharedTokenBuckets>().TakeAsync("ws_rate", "warm-up", 1, PerSecond, Burst);
        var limiters = new[] { a, b }.Select(host => new SharedKeyRateLimiter(
            host.GetRequiredService<ISharedTokenBuckets>(), "ws_rate", "key-1", PerSecond, Burst)).ToArray();

        var (allowed, elapsed) = await DrainAsync(limiters);

        var limit = Burst + PerSecond * elapsed.TotalSeconds;
        var overshoot = limiters.Length * limiters[0].Chunk; // each host holds at most one chunk (see SharedKeyRateLimiter)
        Assert.InRange(allowed, 0.5 * limit, limit + overshoot); // the floor only shows it does not refuse everything

        // The same two hosts each limiting in memory (the SQLite setup) let about twice as much through.
        var perHost = Enumerable.Range(0, 2).Select(_ => (RateLimiter)new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst, TokensPerPeriod = PerSecond / 10, ReplenishmentPeriod = TimeSpan.FromMilliseconds(100), AutoReplenishment = true,
        })).ToArray();
        var (perHostAllowed, perHostElapsed) = await DrainAsync(perHost);
        Assert.True(perHostAllowed > 1.4 * (Burst + PerSecond * perHostElapsed.TotalSeconds), // its timer is late on a busy machine
            $"per-host limiters allowed {perHostAllowed} in {perHostElapsed.TotalSeconds:0.00} s");
        Assert.True(allowed < 0.75 * perHostAllowed, $"shared {allowed}, per host {perHostAllowed}");
    }

    [Fact]
    public async Task A_refused_request_carries_retry_after_and_refusals_cost_no_round_trip_each()
    {
        await using var a = db.BuildHost();
        var counting = new CountingBuckets(a.GetRequiredService<ISharedTokenBuckets>());
        var limiter = new SharedKeyRateLimiter(counting, "ws_rate", "key-2", PerSecond, Burst);

        var allowed = 0;
        RateLimitLease? refused = null;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            var lease = await limiter.AcquireAsync();
            if (lease.IsAcquired) allowed++;
            else refused ??= lease;
        }

        Assert.InRange(allowed, Burst, Burst + PerSecond * clock.Elapsed.TotalSeconds + limiter.Chunk);
        Assert.NotNull(refused);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero);
        // Allowed requests cost a round trip per chunk; the refusals wait for the bucket instead of asking it each time.
        Assert.InRange(counting.Takes, allowed / limiter.Chunk, allowed / limiter.Chunk + 5);
    }

    /// <summary>Every limiter drained by 8 concurrent callers for the window; the total allowed and the time it took.</summary>
    static async Task<(int Allowed, TimeSpan Elapsed)> DrainAsync(RateLimiter[] limiters)
    {
        var allowed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(limiters.SelectMany(limiter => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < Window)
            {
                using var lease = await limiter.AcquireAsync();
                if (lease.IsAcquired) Interlocked.Increment(ref allowed);
                else await Task.Delay(5);
            }
        }))));
        return (allowed, clock.Elapsed);
    }

    sealed class CountingBuckets(ISharedTokenBuckets inner) : ISharedTokenBuckets
    {
        public int Takes;
        public Task<TokenGrant> TakeAsync(string workspaceId, string keyId, int want, int perSecond, int burst, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Takes);
            return inner.TakeAsync(workspaceId, keyId, want, perSecond, burst, ct);
        }
    }
}
