using Flameup.Admin.Core.ApiKeys;

namespace Flameup.Admin.Web.Api;

/// <summary>The scope an endpoint needs.</summary>
public sealed record RequiredScope(string Scope);

/// <summary>The API key of the current request, as <see cref="ApiKeyAuthentication"/> authenticated it.</summary>
public static class ApiCaller
{
    public static ApiKeyInfo? ApiKey(this HttpContext http) => http.Features.Get<ApiKeyInfo>();

    /// <summary>The caller as the domain sees it: the key, so every change is checked against its workspace and scopes again.</summary>
    public static ApiKeyActor Actor(this HttpContext http) =>
        new(http.ApiKey() ?? throw new InvalidOperationException("The endpoint runs without ApiKeyAuthentication."));

    /// <summary>Whether the caller may read people (<c>people:read</c>).</summary>
    public static bool CanReadPeople(this HttpContext http) => http.ApiKey()?.HasScope(ApiKeyScopes.Read) == true;
}

/// <summary>
/// Who is calling: too many 401s from one client address (429, <see cref="FailedAuthThrottle"/>), the bearer key
/// (401), its workspace and the endpoint's scope (403). The key is then on the request for the filters and
/// endpoints after it (<see cref="ApiCaller"/>).
/// </summary>
public sealed class ApiKeyAuthentication(ApiKeyService keys, FailedAuthThrottle failures) : IEndpointFilter
{
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

        http.Features.Set(key);
        return await next(context);
    }

    IResult Unauthorized(HttpContext http, string detail)
    {
        failures.RecordFailure(http);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Status(401, "Unauthorized", detail);
    }
}
