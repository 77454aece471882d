using Flameup.Admin.Core.Storage;

namespace Flameup.Admin.Core.Admins;

/// <summary>The signed-in admin user as the domain sees them: who, and with which role.</summary>
public sealed record AdminActor(string UserId, string Email, string Role)
{
    public bool CanChange => Role == AdminRoles.Admin;

    /// <summary>
    /// The host itself (first start) and the command line, run by whoever operates the server; never a dashboard
    /// user. Dashboard pages get their actor from <see cref="Permissions.ActorAsync"/>, the role read from the database.
    /// </summary>
    public static AdminActor System { get; } = new("system", "the command line", AdminRoles.Admin);
}
