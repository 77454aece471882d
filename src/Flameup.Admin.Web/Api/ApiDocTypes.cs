using System.Text.Json.Serialization;

namespace Flameup.Admin.Web.Api;

// Shapes for the OpenAPI document only: the endpoints read and write JSON themselves
// (to tell absent from null and to name each bad field), so these classes are never bound.

public sealed class PersonRequest
{
    [JsonPropertyName("userId")] public string? UserId { get; set; }
    [JsonPropertyName("email")] public string? Email { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("traits")] public Dictionary<string, object?>? Traits { get; set; }
    [JsonPropertyName("anonymousId")] public string? AnonymousId { get; set; }
}

public class PersonResponse
{
    [JsonPropertyName("id")] public Guid Id { get; set; }
    [JsonPropertyName("workspace_id")] public string WorkspaceId { get; set; } = "";
    [JsonPropertyName("userId")] public string UserId { get; set; } = "";
    [JsonPropertyName("email")] public string? Email { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "active";
    [JsonPropertyName("traits")] public Dictionary<string, object?> Traits { get; set; } = [];
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class UpsertResponse : PersonResponse
{
    [JsonPropertyName("was_created")] public bool WasCreated { get; set; }
}

public sealed class PeopleListResponse
{
    [JsonPropertyName("people")] public List<PersonResponse> People { get; set; } = [];
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("limit")] public int Limit { get; set; }
    [JsonPropertyName("offset")] public int Offset { get; set; }
}

public sealed class PeopleSearchResponse
{
    [JsonPropertyName("people")] public List<PersonResponse> People { get; set; } = [];
}

public sealed class BatchRequest
{
    [JsonPropertyName("people")] public List<PersonRequest> People { get; set; } = [];
}

public sealed class BatchResponse
{
    [JsonPropertyName("people")] public List<PersonResponse> People { get; set; } = [];
    [JsonPropertyName("created_count")] public int CreatedCount { get; set; }
    [JsonPropertyName("updated_count")] public int UpdatedCount { get; set; }
}

public sealed class StatsResponse
{
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("active")] public long Active { get; set; }
    [JsonPropertyName("unsubscribed")] public long Unsubscribed { get; set; }
    [JsonPropertyName("bounced")] public long Bounced { get; set; }
    [JsonPropertyName("recent")] public long Recent { get; set; }
}

public sealed class EventRequest
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("properties")] public Dictionary<string, object?>? Properties { get; set; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }
}

public sealed class IngestEventRequest
{
    [JsonPropertyName("userId")] public string? UserId { get; set; }
    [JsonPropertyName("anonymousId")] public string? AnonymousId { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("properties")] public Dictionary<string, object?>? Properties { get; set; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }
}

public sealed class EventResponse
{
    [JsonPropertyName("id")] public Guid Id { get; set; }
    [JsonPropertyName("person_id")] public Guid? PersonId { get; set; }
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("properties")] public Dictionary<string, object?> Properties { get; set; } = [];
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; set; }
}

public sealed class EventsListResponse
{
    [JsonPropertyName("events")] public List<EventResponse> Events { get; set; } = [];
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("limit")] public int Limit { get; set; }
    [JsonPropertyName("offset")] public int Offset { get; set; }
}

public sealed class AcceptedEventResponse
{
    [JsonPropertyName("id")] public Guid Id { get; set; }
}
