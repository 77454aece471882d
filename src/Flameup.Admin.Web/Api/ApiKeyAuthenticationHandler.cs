using System.Security.Claims;
using System.Text.Encodings.Web;
using Flameup.Admin.Core.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Api;

/// <summary>The scope an endpoint needs (also its authorization policy's name, <see cref="ApiKeyPolicies"/>).</summary>
public sealed record RequiredScope(string Scope);

/// <summary>The API key of the current request, as <see cref="ApiKeyAuthenticationHandler"/> authenticated it.</summary>
public static class ApiCaller
{
    public static ApiKeyInfo? ApiKey(this HttpContext http) => http.Features.Get<ApiKeyInfo>();

    /// <summary>The caller as the domain sees it: the key, so every change is checked against its workspace and scopes again.</summary>
    public static ApiKeyActor Actor(this HttpContext http) =>
        new(http.ApiKey() ?? throw new InvalidOperationException("The endpoint runs without the ApiKey authentication."));

    /// <summary>Whether the caller may read people (<c>people:read</c>).</summary>
    public static bool CanReadPeople(this HttpContext http) => http.ApiKey()?.HasScope(ApiKeyScopes.Read) == true;
}

/// <summary>
/// The REST API's authentication scheme: <c>Authorization: Bearer &lt;api key&gt;</c>, looked up by its hash. A missing,
/// malformed, unknown or revoked key is challenged with a 401 problem and <c>WWW-Authenticate: Bearer</c>, and counted
/// against the client's address (<see cref="FailedAuthThrottle"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyService keys, FailedAuthThrottle failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "ApiKey";
    public const string WorkspaceClaim = "flameup:workspace";
    public const string ScopeClaim = "flameup:scope";

    const string Missing = "Send your API key in the header 'Authorization: Bearer <api key>'.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        var secret = header[7..].Trim();
        var key = secret.Length is > 0 and <= 200 ? await keys.AuthenticateAsync(secret, Context.RequestAborted) : null;
        if (key is null)
            return AuthenticateResult.Fail("The API key is unknown or has been revoked. Create a new key in the admin dashboard (Settings → API keys).");

        Context.Features.Set(key); // endpoints shape some answers by the key's scopes (ApiCaller)
        return AuthenticateResult.Success(new AuthenticationTicket(Principals.GetValue(key, PrincipalOf), Scheme));
    }

    /// <summary>
    /// The principal of each cached key lookup, built once and shared by its requests (nothing writes to it), so a request
    /// allocates no claims. It goes with the lookup when the key cache lets that go.
    /// </summary>
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApiKeyInfo, ClaimsPrincipal> Principals = new();

    static ClaimsPrincipal PrincipalOf(ApiKeyInfo key)
    {
        var identity = new ClaimsIdentity(Scheme);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, key.Id));
        identity.AddClaim(new Claim(WorkspaceClaim, key.WorkspaceId));
        foreach (var scope in key.Scopes) identity.AddClaim(new Claim(ScopeClaim, scope));
        return new ClaimsPrincipal(identity);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        failures.RecordFailure(Context);
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.Status(401, "Unauthorized", result.Failure?.Message ?? Missing).ExecuteAsync(Context);
    }
}
