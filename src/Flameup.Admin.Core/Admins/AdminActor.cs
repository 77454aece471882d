using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;

namespace Flameup.Admin.Core.Admins;

/// <summary>
/// A dashboard user as the domain sees them: who, and with which role. Dashboard pages get theirs from
/// <see cref="Permissions.ActorAsync"/>, the role read from the database. An Admin changes anything; a Viewer nothing.
/// </summary>
public sealed record AdminActor(string UserId, string Email, string Role) : Actor
{
    /// <summary>A signed-in principal whose account no longer exists: refused everything.</summary>
    public static AdminActor SignedOut { get; } = new("", "", "");

    public bool IsViewer => Role == AdminRoles.Viewer;

    public override string Description => Email;

    public override string? Refusal(string? workspaceId, ChangeKind kind) =>
        UserId.Length == 0 ? "Sign in again: your account no longer exists."
        : Role == AdminRoles.Admin ? null
        : $"{Email} is a Viewer: viewers can look at everything but change nothing.";
}
