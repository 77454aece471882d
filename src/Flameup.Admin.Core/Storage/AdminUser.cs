using Microsoft.AspNetCore.Identity;

namespace Flameup.Admin.Core.Storage;

/// <summary>An operator of the dashboard.</summary>
public sealed class AdminUser : IdentityUser
{
    /// <summary>"Admin" changes things; "Viewer" sees everything and changes nothing.</summary>
    public string Role { get; set; } = AdminRoles.Admin;
}

public static class AdminRoles
{
    public const string Admin = "Admin";
    public const string Viewer = "Viewer";
}
