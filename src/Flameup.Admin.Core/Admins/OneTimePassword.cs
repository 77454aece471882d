using System.Security.Claims;
using System.Security.Cryptography;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Core.Admins;

/// <summary>
/// A password handed over by another admin works once: a user claim marks the account, and until the user picks
/// a password of their own the host lets them reach only the change-password page. Setting and clearing the mark
/// happen here, each in one transaction with the password it belongs to.
/// </summary>
public static class OneTimePassword
{
    public const string ClaimType = "flameup:password_change_required";

    public static bool IsRequired(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == ClaimType);

    /// <summary>Creates the user with a one-time password: the account and its mark land together or not at all.</summary>
    public static async Task<IdentityResult> CreateUserAsync(UserManager<AdminUser> users, AppDbContext db, AdminUser user, string password, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddClaimAsync(user, new Claim(ClaimType, "true"));
        if (result.Succeeded) await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Sets a password chosen by someone else (the command line's reset for an existing email): unlocks the account,
    /// ends its other sessions (new security stamp) and marks the password one-time when <paramref name="oneTime"/>
    /// (a generated one), or clears the mark (one the operator chose). Pending changes to the tracked
    /// <paramref name="user"/> (a new role) are saved with it.
    /// </summary>
    public static async Task<IdentityResult> ResetAsync(UserManager<AdminUser> users, AppDbContext db, AdminUser user, string password, bool oneTime, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.RemovePasswordAsync(user);
        if (result.Succeeded) result = await users.AddPasswordAsync(user, password);
        if (result.Succeeded) result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(user);
        var marks = result.Succeeded ? (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList() : [];
        if (result.Succeeded && oneTime && marks.Count == 0) result = await users.AddClaimAsync(user, new Claim(ClaimType, "true"));
        if (result.Succeeded && !oneTime && marks.Count > 0) result = await users.RemoveClaimsAsync(user, marks);
        if (result.Succeeded) await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>16 random characters with a lower and upper case letter, a digit and a symbol (meets every password rule).</summary>
    public static string Generate()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!#$%*+-=?@";
        const string all = lower + upper + digits + symbols;
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)], upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 16) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chars));
        return new string(chars.ToArray());
    }

    /// <summary>Changes a user's own password; a one-time mark goes with the old password, in the same transaction.</summary>
    public static async Task<IdentityResult> ChangeOwnPasswordAsync(UserManager<AdminUser> users, AppDbContext db, AdminUser user, string current, string next, CancellationToken ct = default)
    {
        // A wrong current password counts as a failed sign-in: a session left open is no way to guess the password.
        if (await users.IsLockedOutAsync(user)) return IdentityResult.Failed(LockedOut);
        IdentityResult result;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            result = await users.ChangePasswordAsync(user, current, next);
            var marks = result.Succeeded ? (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList() : [];
            if (marks.Count > 0) result = await users.RemoveClaimsAsync(user, marks);
            if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(user);
            if (result.Succeeded) await tx.CommitAsync(ct);
        }
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            await users.AccessFailedAsync(user); // outside the rolled-back transaction, so the failure stays counted
            if (await users.IsLockedOutAsync(user)) return IdentityResult.Failed(LockedOut);
        }
        return result;
    }

    /// <summary>The error of a change refused because wrong current passwords locked the account.</summary>
    public static readonly IdentityError LockedOut = new()
    {
        Code = "LockedOut",
        Description = "Too many wrong current passwords: the account is locked for a while. Sign in again later.",
    };
}
