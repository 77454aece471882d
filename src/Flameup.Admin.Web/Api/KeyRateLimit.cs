using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Api;

public sealed class ApiOptions
{
    /// <summary>Requests per second allowed per key.</summary>
    public int RateLimitPerSecond { get; set; } = 1000;
    /// <summary>How many requests a key may send at once above the steady rate.</summary>
    public int RateLimitBurst { get; set; } = 2000;
}

/// <summary>The per-key rate limit (429 with Retry-After), counted by <see cref="KeyRateLimiters"/>.</summary>
public sealed class KeyRateLimit(KeyRateLimiters limiters, IOptions<ApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.ApiKey() ?? throw new InvalidOperationException("KeyRateLimit runs after ApiKeyAuthentication.");
        if (!limiters.TryAcquire(key.Id, out var retry))
        {
            http.Response.Headers.RetryAfter = retry.ToString();
            return ApiProblems.Status(429, "Too many requests",
                $"This API key may send {options.Value.RateLimitPerSecond} requests per second. Retry after {retry} s.");
        }
        return await next(context);
    }
}

/// <summary>A token bucket per API key, kept in this host's memory (a singleton: every endpoint shares the buckets).</summary>
public sealed class KeyRateLimiters(IOptions<ApiOptions> options)
{
    readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _limiters = new();

    /// <summary>Takes one request from the key's bucket; false with the seconds to wait when it is empty.</summary>
    public bool TryAcquire(string keyId, out int retryAfterSeconds)
    {
        var limiter = _limiters.GetOrAdd(keyId, _ => NewLimiter(options.Value));
        using var lease = limiter.AttemptAcquire();
        retryAfterSeconds = lease.IsAcquired ? 0
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        return lease.IsAcquired;
    }

    static TokenBucketRateLimiter NewLimiter(ApiOptions o) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, o.RateLimitBurst),
        TokensPerPeriod = Math.Max(1, o.RateLimitPerSecond / 10),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
