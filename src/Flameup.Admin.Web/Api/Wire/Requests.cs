using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Flameup.Admin.Web.Api.Wire;

// Request shapes for the OpenAPI document. The endpoints read bodies themselves (to tell a field left out from
// a null and to name every bad field in one 400), so these classes are never bound; the API tests check the
// document's example bodies against these schemas, and the generated client sends bodies built from them.

[Description("A person to create, or to create-or-update by userId.")]
public sealed class PersonCreate
{
    [JsonPropertyName("userId"), Required, MinLength(1), MaxLength(255), Description(WireText.UserId)]
    public string UserId { get; set; } = "";
    [JsonPropertyName("email"), MaxLength(254), Description(WireText.Email)]
    public string? Email { get; set; }
    [JsonPropertyName("status"), Description(WireText.Status + " Left out: active for a new person, unchanged for an existing one.")]
    public PersonStatusName Status { get; set; }
    [JsonPropertyName("traits"), Description(WireText.TraitsIn)]
    public JsonObject? Traits { get; set; }
    [JsonPropertyName("anonymousId"), MinLength(1), MaxLength(255), Description(WireText.AnonymousId)]
    public string? AnonymousId { get; set; }
}

[Description("Changes to a person: any subset of the fields; fields left out keep their values.")]
public sealed class PersonUpdate
{
    [JsonPropertyName("userId"), MinLength(1), MaxLength(255), Description(WireText.UserId + " Changing it to one in use is a 409.")]
    public string? UserId { get; set; }
    [JsonPropertyName("email"), MaxLength(254), Description(WireText.Email)]
    public string? Email { get; set; }
    [JsonPropertyName("status"), Description(WireText.Status)]
    public PersonStatusName Status { get; set; }
    [JsonPropertyName("traits"), Description(WireText.TraitsIn)]
    public JsonObject? Traits { get; set; }
    [JsonPropertyName("anonymousId"), MinLength(1), MaxLength(255), Description(WireText.AnonymousId)]
    public string? AnonymousId { get; set; }
}

[Description("Up to 100 people, each upserted by userId, in order, all or nothing.")]
public sealed class BatchRequest
{
    [JsonPropertyName("people"), Required, MinLength(1), MaxLength(100),
     Description("1 to 100 people. The same userId twice: the first item creates (or updates) and the next updates the same person. " +
        "If any item is invalid, nothing is written and the 400 names each field as people[i].field.")]
    public List<PersonCreate> People { get; set; } = [];
}

[Description("An event on a known person.")]
public sealed class EventRequest
{
    [JsonPropertyName("name"), Required, MinLength(1), MaxLength(255), Description(WireText.EventName)]
    public string Name { get; set; } = "";
    [JsonPropertyName("properties"), Description(WireText.EventProperties)]
    public JsonObject? Properties { get; set; }
    [JsonPropertyName("timestamp"), Description(WireText.EventTimestamp)]
    public DateTimeOffset? Timestamp { get; set; }
}

[Description("An event for a person named by userId, or for an anonymous visitor by anonymousId; one of the two is required.")]
public sealed class IngestEventRequest
{
    [JsonPropertyName("userId"), MinLength(1), MaxLength(255),
     Description("The person's userId; an unknown userId is a 404. Give this or anonymousId.")]
    public string? UserId { get; set; }
    [JsonPropertyName("anonymousId"), MinLength(1), MaxLength(255),
     Description("An anonymous visitor's id: the event waits until a person is created or updated with this anonymousId. Give this or userId.")]
    public string? AnonymousId { get; set; }
    [JsonPropertyName("name"), Required, MinLength(1), MaxLength(255), Description(WireText.EventName)]
    public string Name { get; set; } = "";
    [JsonPropertyName("properties"), Description(WireText.EventProperties)]
    public JsonObject? Properties { get; set; }
    [JsonPropertyName("timestamp"), Description(WireText.EventTimestamp)]
    public DateTimeOffset? Timestamp { get; set; }
}

/// <summary>The three statuses, spelled as on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PersonStatusName>))]
public enum PersonStatusName
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("unsubscribed")] Unsubscribed,
    [JsonStringEnumMemberName("bounced")] Bounced,
}
