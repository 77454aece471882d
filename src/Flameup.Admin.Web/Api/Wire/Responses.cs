using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Flameup.Admin.Web.Api.Wire;

// Response shapes for the OpenAPI document. The endpoints write JSON with Utf8JsonWriter (PersonJson in Core,
// traits copied as stored text with no parse); the API tests validate every response they receive against the
// schemas generated from these classes, with no extra properties allowed, so the two cannot drift apart.

[Description("A person: a user of your system with contact details and custom attributes.")]
public class Person
{
    [JsonPropertyName("id"), Required, Description(WireText.Id)] public Guid Id { get; set; }
    [JsonPropertyName("workspace_id"), Required, Description(WireText.WorkspaceId)] public string WorkspaceId { get; set; } = "";
    [JsonPropertyName("userId"), Required, MinLength(1), MaxLength(255), Description(WireText.UserId)] public string UserId { get; set; } = "";
    [JsonPropertyName("email"), Required, MaxLength(254), Description("The user's email address, or null when none is known.")] public string? Email { get; set; }
    [JsonPropertyName("status"), Required, Description(WireText.Status)] public PersonStatusName Status { get; set; }
    [JsonPropertyName("traits"), Required, Description(WireText.TraitsOut)] public JsonObject Traits { get; set; } = [];
    [JsonPropertyName("created_at"), Required, Description(WireText.CreatedAt)] public DateTimeOffset CreatedAt { get; set; }
    [JsonPropertyName("updated_at"), Required, Description(WireText.UpdatedAt)] public DateTimeOffset UpdatedAt { get; set; }
}

[Description("The person as written. A key with people:read gets every field; a key without it (people:write only) gets " +
    "id, workspace_id, userId, created_at and updated_at, never email, status or traits.")]
public class WrittenPerson
{
    [JsonPropertyName("id"), Required, Description(WireText.Id)] public Guid Id { get; set; }
    [JsonPropertyName("workspace_id"), Required, Description(WireText.WorkspaceId)] public string WorkspaceId { get; set; } = "";
    [JsonPropertyName("userId"), Required, MinLength(1), MaxLength(255), Description(WireText.UserId)] public string UserId { get; set; } = "";
    [JsonPropertyName("email"), MaxLength(254), Description("The user's email address, or null when none is known. Left out for a key without people:read.")] public string? Email { get; set; }
    [JsonPropertyName("status"), Description(WireText.Status + " Left out for a key without people:read.")] public PersonStatusName Status { get; set; }
    [JsonPropertyName("traits"), Description(WireText.TraitsOut + " Left out for a key without people:read.")] public JsonObject Traits { get; set; } = [];
    [JsonPropertyName("created_at"), Required, Description(WireText.CreatedAt)] public DateTimeOffset CreatedAt { get; set; }
    [JsonPropertyName("updated_at"), Required, Description(WireText.UpdatedAt)] public DateTimeOffset UpdatedAt { get; set; }
}

[Description("The person after an upsert, with whether the call created them (fields as in WrittenPerson).")]
public sealed class UpsertedPerson : WrittenPerson
{
    [JsonPropertyName("was_created"), Required, Description("true when this call created the person (201), false when it updated an existing one (200).")]
    public bool WasCreated { get; set; }
}

[Description("A page of people.")]
public sealed class PeoplePage
{
    [JsonPropertyName("people"), Required, Description("The people on this page, in the requested order.")] public List<Person> People { get; set; } = [];
    [JsonPropertyName("total"), Required, Description("How many people match the filters, over all pages.")] public long Total { get; set; }
    [JsonPropertyName("limit"), Required, Description("The page size used.")] public int Limit { get; set; }
    [JsonPropertyName("offset"), Required, Description("How many matching people were skipped.")] public int Offset { get; set; }
}

[Description("The people matching every criterion given.")]
public sealed class PeopleSearchResult
{
    [JsonPropertyName("people"), Required, Description("At most limit people, newest first; empty when none match.")] public List<Person> People { get; set; } = [];
}

[Description("The outcome of a batch upsert.")]
public sealed class BatchResult
{
    [JsonPropertyName("people"), Required, Description("One person per input item, in input order, as they are after the batch (fields as in WrittenPerson).")] public List<WrittenPerson> People { get; set; } = [];
    [JsonPropertyName("created_count"), Required, Description("How many people the batch created.")] public int CreatedCount { get; set; }
    [JsonPropertyName("updated_count"), Required, Description("How many items updated an existing person (or one created earlier in the batch).")] public int UpdatedCount { get; set; }
}

[Description("Counts over the workspace's people, exact at the time of the request.")]
public sealed class PeopleStats
{
    [JsonPropertyName("total"), Required, Description("All people.")] public long Total { get; set; }
    [JsonPropertyName("active"), Required, Description("People with status active.")] public long Active { get; set; }
    [JsonPropertyName("unsubscribed"), Required, Description("People with status unsubscribed.")] public long Unsubscribed { get; set; }
    [JsonPropertyName("bounced"), Required, Description("People with status bounced.")] public long Bounced { get; set; }
    [JsonPropertyName("recent"), Required, Description("People created in the last 7 days.")] public long Recent { get; set; }
}

[Description("Something that happened to a person (or to an anonymous visitor not yet merged).")]
public sealed class PersonEvent
{
    [JsonPropertyName("id"), Required, Description("The event's identifier.")] public Guid Id { get; set; }
    [JsonPropertyName("person_id"), Required, Description("The person's id, or null for an anonymous event not yet merged.")] public Guid? PersonId { get; set; }
    [JsonPropertyName("name"), Required, MinLength(1), MaxLength(255), Description("The event's name. The service records person.created and person.updated itself.")] public string Name { get; set; } = "";
    [JsonPropertyName("properties"), Required, Description("The event's properties; for person.updated the changed fields and trait keys with old and new values.")] public JsonObject Properties { get; set; } = [];
    [JsonPropertyName("timestamp"), Required, Description("When the event happened: UTC, RFC 3339.")] public DateTimeOffset Timestamp { get; set; }
}

[Description("A page of a person's events, newest first.")]
public sealed class EventsPage
{
    [JsonPropertyName("events"), Required, Description("The events on this page, newest first by timestamp.")] public List<PersonEvent> Events { get; set; } = [];
    [JsonPropertyName("total"), Required, Description("How many events the person has.")] public long Total { get; set; }
    [JsonPropertyName("limit"), Required, Description("The page size used.")] public int Limit { get; set; }
    [JsonPropertyName("offset"), Required, Description("How many events were skipped.")] public int Offset { get; set; }
}

[Description("An ingested event, accepted.")]
public sealed class AcceptedEvent
{
    [JsonPropertyName("id"), Required, Description("The event's identifier.")] public Guid Id { get; set; }
}
