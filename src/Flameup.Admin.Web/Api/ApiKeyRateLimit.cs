using System.Security.Claims;
using System.Threading.RateLimiting;
using Flameup.Admin.Core.Storage.Ports;
using Microsoft.AspNetCore.RateLimiting;

namespace Flameup.Admin.Web.Api;

public sealed class ApiOptions
{
    /// <summary>Requests per second allowed per key.</summary>
    public int RateLimitPerSecond { get; set; } = 1000;
    /// <summary>How many requests a key may send at once above the steady rate.</summary>
    public int RateLimitBurst { get; set; } = 2000;
}

/// <summary>
/// The per-key rate limit: the framework's rate limiter partitioned by the authenticated key's id. On one host (SQLite)
/// each partition is the framework's in-memory token bucket; with storage shared by several hosts, a
/// <see cref="SharedKeyRateLimiter"/> over the key's bucket in the database, so the limit holds for all hosts together.
/// </summary>
public static class ApiKeyRateLimit
{
    public const string Policy = "api-key";

    public static void Add(RateLimiterOptions options, ApiOptions api, ISharedTokenBuckets? shared)
    {
        if (shared is null) AddPerHost(options, api);
        else options.AddPolicy(Policy, http =>
        {
            var workspaceId = http.User.FindFirstValue(ApiKeyAuthenticationHandler.WorkspaceClaim) ?? "";
            return RateLimitPartition.Get(http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                keyId => new SharedKeyRateLimiter(shared, workspaceId, keyId, api.RateLimitPerSecond, api.RateLimitBurst));
        });
    }

    static void AddPerHost(RateLimiterOptions options, ApiOptions api) =>
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
