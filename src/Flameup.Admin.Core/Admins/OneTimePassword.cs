namespace Flameup.Admin.Core.Admins;

/// <summary>
/// A password handed over by another admin works once: the user claim below marks its account, and until the
/// user picks a password of their own the host lets them reach only the change-password page.
/// </summary>
public static class OneTimePassword
{
    public const string ClaimType = "flameup:password_change_required";
}
