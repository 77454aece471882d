namespace Flameup.Admin.Core.Storage;

// Persistence shapes for EF Core (schema and migrations). People and events are read and written
// through hand-written SQL in PeopleStore/PeopleWriter/EventsService for speed; EF owns everything else.

public sealed class WorkspaceRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public long CreatedAt { get; set; }
}

public sealed class PersonRow
{
    public long Pk { get; set; }
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string? Email { get; set; }
    public string Status { get; set; } = "active";
    public string Traits { get; set; } = "{}";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}

public sealed class PersonEventRow
{
    public long Pk { get; set; }
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string? PersonId { get; set; }
    public string? AnonymousId { get; set; }
    public string Name { get; set; } = "";
    public string Properties { get; set; } = "{}";
    public long Timestamp { get; set; }
}

/// <summary>Exact per-status counts, kept by triggers so stats never count a million rows.</summary>
public sealed class PeopleCountRow
{
    public string WorkspaceId { get; set; } = "";
    public string Status { get; set; } = "";
    public long Count { get; set; }
}

public sealed class ApiKeyRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public string Scopes { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? RevokedAt { get; set; }
    public long? LastUsedAt { get; set; }
}
