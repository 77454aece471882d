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
}

/// <summary>A newly created key: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);
