using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// The REST API's guards, each the framework's own: the ApiKey authentication scheme, one authorization policy per
/// scope, the rate limiter partitioned by key, an exception handler mapping domain exceptions by type, and the
/// per-address throttle of failed authentication that runs before any key lookup.
/// </summary>
public static class ApiAuth
{
    public static void Add(IServiceCollection services)
    {
        services.AddTransient<ApiKeyAuthenticationHandler>(); // made by the container's compiled factory, not by reflection per request
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.Scheme, null);
        services.AddAuthorization(ApiKeyPolicies.Add);
        services.AddSingleton<IAuthorizationHandler, ApiKeyScopeHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResults>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>, IServiceProvider>(
            (o, api, sp) => ApiKeyRateLimit.Add(o, api.Value, sp.GetService<Core.Storage.Ports.ISharedTokenBuckets>()));
    }

    /// <summary>Before authentication: a client that used up its failed attempts gets 429 before its key is looked up.</summary>
    public static IApplicationBuilder UseFailedAuthThrottle(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments(PeopleEndpoints.ApiPrefix))
        {
            var failures = http.RequestServices.GetRequiredService<FailedAuthThrottle>();
            if (failures.IsBlocked(http, out var wait))
            {
                http.Response.Headers.RetryAfter = wait.ToString();
                await ApiProblems.Status(429, "Too many requests",
                    $"Too many requests without a valid API key came from your address ({failures.Limit} allowed per window). Retry after {wait} s with a valid key.")
                    .ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });
}
