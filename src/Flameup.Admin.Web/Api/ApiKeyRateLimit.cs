using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Flameup.Admin.Web.Api;

public sealed class ApiOptions
{
    /// <summary>Requests per second allowed per key.</summary>
    public int RateLimitPerSecond { get; set; } = 1000;
    /// <summary>How many requests a key may send at once above the steady rate.</summary>
    public int RateLimitBurst { get; set; } = 2000;
}

/// <summary>The per-key rate limit: the framework's rate limiter, a token bucket partitioned by the authenticated key's id.</summary>
public static class ApiKeyRateLimit
{
    public const string Policy = "api-key";

    public static void Add(RateLimiterOptions options, ApiOptions api) =>
        options.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(
            http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, api.RateLimitBurst),
                TokensPerPeriod = Math.Max(1, api.RateLimitPerSecond / 10),
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>The 429 problem with Retry-After for an API key over its limit.</summary>
    public static Task RejectAsync(HttpContext http, RateLimitLease lease, ApiOptions api)
    {
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retry.ToString();
        return ApiProblems.Status(429, "Too many requests", $"This API key may send {api.RateLimitPerSecond} requests per second. Retry after {retry} s.")
            .ExecuteAsync(http);
    }
}
