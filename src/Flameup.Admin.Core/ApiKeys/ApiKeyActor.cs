using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.ApiKeys;

/// <summary>
/// A REST call, as the API key that authenticated it: it may write in its own workspace with <c>people:write</c>,
/// delete with <c>people:delete</c>, and never touch settings. The REST authorization policy asks the same rule (ApiKeyInfo.Refusal) first; this is
/// the domain's own line, so no endpoint can forget it.
/// </summary>
public sealed record ApiKeyActor(ApiKeyInfo Key) : Actor
{
    public override string Description => $"API key {Key.Prefix}…";

    public override string? Refusal(string? workspaceId, ChangeKind kind)
    {
        if (kind == ChangeKind.Settings) return "An API key cannot change workspaces, admin users or API keys; use the admin dashboard.";
        return Key.Refusal(workspaceId, kind == ChangeKind.Delete ? ApiKeyScopes.Delete : ApiKeyScopes.Write);
    }
}
