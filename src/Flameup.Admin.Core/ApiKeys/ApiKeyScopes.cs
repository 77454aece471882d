namespace Flameup.Admin.Core.ApiKeys;

public static class ApiKeyScopes
{
    public const string Read = "people:read";
    public const string Write = "people:write";
    public const string Delete = "people:delete";

    public static readonly IReadOnlyList<string> All = [Read, Write, Delete];
}

/// <summary>A key as listed (never its secret).</summary>
public sealed record ApiKeyInfo(
    string Id, string WorkspaceId, string Name, string Prefix, IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public bool IsRevoked => RevokedAt is not null;
    public bool HasScope(string scope) => Scopes.Contains(scope);

    /// <summary>
    /// Why this key may not act with <paramref name="scope"/> in <paramref name="workspaceId"/>, or null when it may:
    /// the one place the key rule is written (the REST authorization policy and the domain's ApiKeyActor both ask it).
    /// </summary>
    public string? Refusal(string? workspaceId, string scope)
    {
        if (IsRevoked) return "This API key has been revoked.";
        if (!string.Equals(workspaceId, WorkspaceId, StringComparison.Ordinal))
            return $"This API key belongs to workspace '{WorkspaceId}', not '{workspaceId}'.";
        return HasScope(scope) ? null : $"This API key lacks the '{scope}' scope (it has: {string.Join(", ", Scopes)}).";
    }
}

/// <summary>A newly created key: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);
