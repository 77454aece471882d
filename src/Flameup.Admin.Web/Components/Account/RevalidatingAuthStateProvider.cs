using System.Security.Claims;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Components.Account;

/// <summary>
/// Re-checks the signed-in user's security stamp while a circuit is open, as often as the cookie's own check
/// (<see cref="SecurityStampValidatorOptions.ValidationInterval"/>, set by Core's AdminIdentity), so a reset password,
/// a changed role, a lockout or a removed account ends open dashboard sessions too.
/// </summary>
public sealed class RevalidatingAuthStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options,
    IOptions<SecurityStampValidatorOptions> stampChecks)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => stampChecks.Value.ValidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        // The framework signs the circuit out when this throws: a database restart must not end every open session.
        // While the database is away nobody can change an account either; the next check (a minute on) decides.
        try { return await IsStillValidAsync(state); }
        catch (Exception e) when (Hosting.DatabaseUnavailable.Is(e)) { return true; }
    }

    async Task<bool> IsStillValidAsync(AuthenticationState state)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null) return false;
        if (await users.IsLockedOutAsync(user)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var principalStamp = state.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
