using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.ApiKeys;

/// <summary>
/// A REST call, as the API key that authenticated it: it may write in its own workspace with <c>people:write</c>,
/// delete with <c>people:delete</c>, and never touch settings. The REST filter checks the same first; this is
/// the domain's own line, so no endpoint can forget it.
/// </summary>
public sealed record ApiKeyActor(ApiKeyInfo Key) : Actor
{
    public override string Description => $"API key {Key.Prefix}…";

    public override string? Refusal(string? workspaceId, ChangeKind kind)
    {
        if (Key.IsRevoked) return "This API key has been revoked.";
        if (kind == ChangeKind.Settings) return "An API key cannot change workspaces, admin users or API keys; use the admin dashboard.";
        if (!string.Equals(workspaceId, Key.WorkspaceId, StringComparison.Ordinal))
            return $"This API key belongs to workspace '{Key.WorkspaceId}', not '{workspaceId}'.";
        var scope = kind == ChangeKind.Delete ? ApiKeyScopes.Delete : ApiKeyScopes.Write;
        return Key.HasScope(scope) ? null : $"This API key lacks the '{scope}' scope (it has: {string.Join(", ", Key.Scopes)}).";
    }
}
