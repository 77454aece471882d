using Flameup.Admin.Core.ApiKeys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// One authorization policy per scope (named like the scope): an API key of the route's workspace that carries the
/// scope. A refusal is a 403 problem whose detail says which of the two failed (<see cref="ApiAuthorizationResults"/>).
/// </summary>
public static class ApiKeyPolicies
{
    public static void Add(AuthorizationOptions options)
    {
        foreach (var scope in ApiKeyScopes.All)
            // No RequireAuthenticatedUser: the scope requirement is met only by an authenticated key, and a request
            // without one fails unauthenticated, which the framework answers with the scheme's 401 challenge.
            options.AddPolicy(scope, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.Scheme)
                .AddRequirements(new ApiKeyScopeRequirement(scope)));
    }
}

public sealed record ApiKeyScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>The key's workspace must be the route's, and the key must carry the endpoint's scope.</summary>
public sealed class ApiKeyScopeHandler : AuthorizationHandler<ApiKeyScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiKeyScopeRequirement requirement)
    {
        if (context.Resource is not HttpContext http || http.ApiKey() is not { } key) return Task.CompletedTask;
        if (key.Refusal(http.GetRouteValue("workspace_id") as string, requirement.Scope) is { } reason)
            context.Fail(new AuthorizationFailureReason(this, reason));
        else
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>A refused API request gets a 403 problem naming why; everything else is answered as the framework does.</summary>
public sealed class ApiAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.ApiKey() is not null)
        {
            var reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "This API key may not do this.";
            return ApiProblems.Status(403, "Forbidden", reason).ExecuteAsync(context);
        }
        return _default.HandleAsync(next, context, policy, result);
    }
}
