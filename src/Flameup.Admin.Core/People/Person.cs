namespace Flameup.Admin.Core.People;

/// <summary>A person as stored. <see cref="TraitsJson"/> is the serialized traits object.</summary>
public sealed record Person(
    Guid Id,
    string WorkspaceId,
    string UserId,
    string? Email,
    string Status,
    string TraitsJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The storage row number (stable; keys the search index). Storage's own: never on the wire.</summary>
    public long Pk { get; init; }

    /// <summary>A display name from the <c>name</c>, or <c>first_name</c> and <c>last_name</c> traits.</summary>
    public string? DisplayName => PersonNames.DisplayName(TraitsJson);
}

/// <summary>A person plus whether this call created them (upsert, batch).</summary>
public sealed record UpsertOutcome(Person Person, bool WasCreated);

public sealed record BatchOutcome(IReadOnlyList<UpsertOutcome> Items)
{
    public int CreatedCount => Items.Count(i => i.WasCreated);
    public int UpdatedCount => Items.Count(i => !i.WasCreated);
    internal bool AnyChange { get; init; }
}
