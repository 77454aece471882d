namespace Flameup.Admin.Web.Api.Wire;

/// <summary>
/// Descriptions shared by several shapes of the OpenAPI document, worded after the field reference of the
/// public documentation (people-api-seed.txt) and the rules of API.md.
/// </summary>
static class WireText
{
    public const string UserId = "Your unique identifier for this user, e.g. your database primary key. 1 to 255 characters, not blank, " +
        "no control characters; unique per workspace (case-sensitive).";
    public const string Email = "The user's email address: optional, at most 254 characters, shaped like local@domain. " +
        "Stored as given, matched case-insensitively by search; not unique. null clears it on update.";
    public const string Status = "Subscription state: active (the default for a new person), unsubscribed or bounced.";
    public const string AnonymousId = "An anonymous identifier (at most 255 characters) whose earlier events are attached to this person, " +
        "merging anonymous activity. Transient: not stored on the person and never returned.";
    public const string TraitsIn = "Custom attributes of the user. A JSON object of at most 300 keys (after the merge); a key is 1 to 150 " +
        "characters, has no control characters and does not start with $. Values: string (at most 10,000 characters), number, boolean, " +
        "null, array or object, nested at most 5 levels below traits; at most 64 KiB once serialized. On update and upsert traits merge " +
        "key by key: a key with a value sets it, a key set to null removes it, keys left out stay.";
    public const string TraitsOut = "Custom attributes of the user (see the trait rules on the request).";
    public const string Id = "Flameup's internal identifier of the person (read-only).";
    public const string WorkspaceId = "The workspace the person belongs to (read-only).";
    public const string CreatedAt = "When the person was created: UTC, RFC 3339 (read-only).";
    public const string UpdatedAt = "When the person last changed: UTC, RFC 3339 (read-only). A write that changes nothing leaves it alone.";
    public const string EventName = "The event's name, 1 to 255 characters.";
    public const string EventProperties = "Free-form properties of the event, a JSON object (same value rules as traits); {} when left out.";
    public const string EventTimestamp = "When the event happened: RFC 3339; the time of the request when left out.";
}
