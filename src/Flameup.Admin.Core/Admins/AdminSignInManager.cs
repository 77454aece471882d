using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Core.Admins;

/// <summary>
/// Identity's sign-in, with the same password-hash work for every attempt: Identity answers at once for an unknown
/// email and for a locked account (no hash computed), so the answer's timing told whether an account exists.
/// The sign-in page shows one message for all three failures (<see cref="FailedMessage"/>).
/// </summary>
public sealed class AdminSignInManager(
    UserManager<AdminUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AdminUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AdminUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AdminUser> confirmation)
    : SignInManager<AdminUser>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <summary>Wrong password, unknown email and locked account alike: nothing tells which one it was.</summary>
    public const string FailedMessage =
        "The email or password is incorrect, or the account is locked for a while after too many failed attempts. Check both and try again later.";

    static readonly AdminUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    static string? _nobodysHash; // made once per process, so every attempt costs one check, not a hash and a check

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null || await UserManager.IsLockedOutAsync(user)) SpendOnePasswordCheck(password);
        if (user is null) return SignInResult.Failed;
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>Verifies the password against a hash of the same kind, as a real check would, and ignores the answer.</summary>
    void SpendOnePasswordCheck(string password)
    {
        _nobodysHash ??= UserManager.PasswordHasher.HashPassword(Nobody, Convert.ToHexString(Guid.NewGuid().ToByteArray()));
        UserManager.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysHash, password ?? "");
    }
}
