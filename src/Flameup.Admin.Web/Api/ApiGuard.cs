using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Common;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Api;

/// <summary>The scope an endpoint needs.</summary>
public sealed record RequiredScope(string Scope);

/// <summary>The API key of the current request, as <see cref="ApiGuard"/> authenticated it.</summary>
public static class ApiCaller
{
    public static ApiKeyInfo? ApiKey(this HttpContext http) => http.Features.Get<ApiKeyInfo>();

    /// <summary>Whether the caller may read people (<c>people:read</c>).</summary>
    public static bool CanReadPeople(this HttpContext http) => http.ApiKey()?.HasScope(ApiKeyScopes.Read) == true;
}

public sealed class ApiOptions
{
    /// <summary>Requests per second allowed per key.</summary>
    public int RateLimitPerSecond { get; set; } = 1000;
    /// <summary>How many requests a key may send at once above the steady rate.</summary>
    public int RateLimitBurst { get; set; } = 2000;
}

/// <summary>
/// Every API request passes here: too many 401s from one client address (429, <see cref="FailedAuthThrottle"/>),
/// the bearer key (401), its workspace and scope (403), the per-key rate
/// limit (429), and the translation of domain errors into problem responses.
/// </summary>
public sealed class ApiGuard(ApiKeyService keys, FailedAuthThrottle failures, IOptions<ApiOptions> options, ILogger<ApiGuard> log) : IEndpointFilter
{
    static readonly ConcurrentDictionary<string, TokenBucketRateLimiter> Limiters = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (failures.IsBlocked(http, out var wait))
        {
            http.Response.Headers.RetryAfter = wait.ToString();
            return ApiProblems.Status(429, "Too many requests",
                $"Too many requests without a valid API key came from your address ({failures.Limit} allowed per window). Retry after {wait} s with a valid key.");
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return Unauthorized(http, string.IsNullOrEmpty(header)
                ? "Send your API key in the header 'Authorization: Bearer <api key>'."
                : "The Authorization header must be 'Bearer <api key>'.");
        var secret = header[7..].Trim();
        var key = secret.Length is > 0 and <= 200 ? await keys.AuthenticateAsync(secret, http.RequestAborted) : null;
        if (key is null)
            return Unauthorized(http, "The API key is unknown or has been revoked. Create a new key in the admin dashboard (Settings → API keys).");

        var workspace = http.GetRouteValue("workspace_id") as string;
        if (!string.Equals(workspace, key.WorkspaceId, StringComparison.Ordinal))
            return ApiProblems.Status(403, "Forbidden", $"This API key belongs to workspace '{key.WorkspaceId}', not '{workspace}'.");
        var scope = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope;
        if (scope is not null && !key.HasScope(scope))
            return ApiProblems.Status(403, "Forbidden", $"This API key lacks the '{scope}' scope (it has: {string.Join(", ", key.Scopes)}).");

        http.Features.Set(key); // the endpoints shape some answers by the key's scopes (ApiCaller)

        var limiter = Limiters.GetOrAdd(key.Id, _ => NewLimiter(options.Value));
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
            http.Response.Headers.RetryAfter = retry.ToString();
            return ApiProblems.Status(429, "Too many requests",
                $"This API key may send {options.Value.RateLimitPerSecond} requests per second. Retry after {retry} s.");
        }

        try
        {
            return await next(context);
        }
        catch (JsonBody.BodyException e) { return e.Problem; }
        catch (DomainValidationException e) { return ApiProblems.Validation(e.Errors); }
        catch (ConflictException e) { return ApiProblems.Conflict(e.Field, e.Message); }
        catch (NotFoundException e) { return ApiProblems.NotFound(e.Message); }
        catch (InvalidOperationException e) when (e.Message.Contains("UTF", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Validation("body", "contains text that is not valid Unicode");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e)
        {
            log.LogError(e, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            return ApiProblems.Status(500, "Internal server error", "Something went wrong on our side; the error was logged. Try again, and tell us if it persists.");
        }
    }

    IResult Unauthorized(HttpContext http, string detail)
    {
        failures.RecordFailure(http);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Status(401, "Unauthorized", detail);
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
