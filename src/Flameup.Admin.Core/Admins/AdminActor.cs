using Flameup.Admin.Core.Storage;

namespace Flameup.Admin.Core.Admins;

/// <summary>The signed-in admin user as the domain sees them: who, and with which role.</summary>
public sealed record AdminActor(string UserId, string Email, string Role)
{
    public bool CanChange => Role == AdminRoles.Admin;
}
