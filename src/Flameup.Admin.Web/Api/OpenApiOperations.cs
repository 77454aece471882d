using System.Text.Json.Nodes;

namespace Flameup.Admin.Web.Api;

/// <summary>A query or path parameter as the document states it.</summary>
public sealed record ParameterText(string Description, string? Type = null, string? Format = null,
    int? Default = null, int? Minimum = null, int? Maximum = null, string[]? Enum = null, string? DefaultText = null);

/// <summary>What the document says about one operation: summary, description, parameters, and per-status text.</summary>
public sealed record OperationText(string Summary, string Description, string Success,
    IReadOnlyDictionary<string, ParameterText>? Parameters = null, string? NotFound = null, string? Conflict = null);

/// <summary>
/// The texts of every operation of the People API, worded after the public documentation (people-api-seed.txt)
/// and API.md. Keyed by operation id (the endpoint's name in <see cref="PeopleEndpoints"/>).
/// </summary>
public static class OpenApiOperations
{
    static readonly string[] Statuses = ["active", "unsubscribed", "bounced"];
    static readonly string[] Sorts = ["-created_at", "created_at", "-updated_at", "updated_at", "email", "-email"];

    static ParameterText Limit(int fallback, int max) =>
        new($"How many to return: 1 to {max}, {fallback} when left out.", "integer", Default: fallback, Minimum: 1, Maximum: max);
    static readonly ParameterText Offset = new("How many to skip, for paging: 0 or more.", "integer", Default: 0, Minimum: 0);
    static readonly ParameterText PersonId = new("Flameup's id of the person (the id field). An id that is not a UUID, or not of a person " +
        "of this workspace, is a 404.", "string", "uuid");

    public static readonly ParameterText WorkspaceId = new("Your workspace's identifier, e.g. ws_abc123. The API key must belong to it (else 403).");

    public static readonly IReadOnlyDictionary<string, OperationText> ById = new Dictionary<string, OperationText>
    {
        ["createPerson"] = new("Create a person",
            "Creates a new person profile. userId is required and must be unique in the workspace: use your own stable id for the user, " +
            "a database primary key or UUID works well. status defaults to active. Answers 201 with the person and a Location header; " +
            "a userId already in use is a 409.",
            "The person, created. Location names their URL.",
            Conflict: "A person with this userId already exists in the workspace; detail names it. Use upsert to create or update."),
        ["getPerson"] = new("Get a person",
            "Retrieves a person by their Flameup id (the id returned on creation).",
            "The person.", new Dictionary<string, ParameterText> { ["person_id"] = PersonId },
            NotFound: "No person with this id in the workspace."),
        ["updatePerson"] = new("Update a person",
            "Updates an existing person's attributes: send any subset of userId, email, status and traits. traits merge key by key " +
            "(a key with a value sets it, a key set to null removes it, keys left out stay); email: null clears the email. " +
            "An update that changes nothing succeeds and leaves updated_at alone. Changing userId to one in use is a 409.",
            "The person after the update.", new Dictionary<string, ParameterText> { ["person_id"] = PersonId },
            NotFound: "No person with this id in the workspace.",
            Conflict: "Another person of the workspace already has this userId."),
        ["upsertPerson"] = new("Create or update a person by userId",
            "Creates the person if no person has this userId, or updates them if one does: the recommended call for most integrations. " +
            "An update merges as PUT does, and fields left out keep their values (status is not reset to active). The response is " +
            "the person plus was_created: 201 when created (with Location), 200 when updated. Safe under concurrency: many clients " +
            "upserting one userId make exactly one person.",
            "The person, with was_created."),
        ["listPeople"] = new("List people",
            "Retrieves a page of the workspace's people, newest first unless sort says otherwise, with the total that match the filters.",
            "A page of people and the total.", new Dictionary<string, ParameterText>
            {
                ["limit"] = Limit(50, 500),
                ["offset"] = Offset,
                ["status"] = new("Only people with this status.", "string", Enum: Statuses),
                ["search"] = new("Only people whose email, userId, or first_name, last_name or name trait contains this text, ignoring case."),
                ["created_since"] = new("Only people created at or after this time (RFC 3339, e.g. 2024-01-15T10:30:00Z).", "string", "date-time"),
                ["updated_since"] = new("Only people updated at or after this time (RFC 3339).", "string", "date-time"),
                ["sort"] = new("The order: created_at, updated_at or email, ascending, or descending with a leading '-'; ties broken by id.",
                    "string", Enum: Sorts, DefaultText: "-created_at"),
            }),
        ["searchPeople"] = new("Search people",
            "Finds people by specific criteria: give at least one of q, email and userId (none is a 400); when several are given, " +
            "every one must match.",
            "The people matching, newest first (empty when none match).", new Dictionary<string, ParameterText>
            {
                ["q"] = new("General search: email, userId, or the first_name, last_name or name trait contains this text, ignoring case."),
                ["email"] = new("Exact email match, ignoring case."),
                ["userId"] = new("Exact userId match (case-sensitive)."),
                ["limit"] = Limit(10, 100),
            }),
        ["batchUpsertPeople"] = new("Upsert up to 100 people",
            "Creates or updates up to 100 people in one request, each item as an upsert by userId, applied in order in one " +
            "transaction. All or nothing: if any item is invalid, nothing is written and the 400 names every bad field as " +
            "people[i].field. The body may be up to 10 MiB.",
            "One person per input item, in input order, with how many were created and updated."),
        ["deletePerson"] = new("Delete a person",
            "Deletes a person and all their events. The person's userId may then be used again, for a new person with a new id.",
            "Deleted; no body.", new Dictionary<string, ParameterText> { ["person_id"] = PersonId },
            NotFound: "No person with this id in the workspace."),
        ["getPeopleStats"] = new("People statistics",
            "Aggregate counts for the workspace: total, by status, and people created in the last 7 days. Exact on the very next " +
            "request after a write.",
            "The counts."),
        ["listPersonEvents"] = new("A person's events",
            "Retrieves a person's events, newest first by timestamp. The service records person.created and person.updated itself " +
            "(the properties name the fields and trait keys that changed, with old and new values), so every person has a history.",
            "A page of events and the total.", new Dictionary<string, ParameterText>
            {
                ["person_id"] = PersonId,
                ["limit"] = Limit(50, 500),
                ["offset"] = Offset,
            },
            NotFound: "No person with this id in the workspace."),
        ["recordPersonEvent"] = new("Record an event on a person",
            "Records an event on a known person: a name, optional properties, and an optional timestamp (now when left out).",
            "The event, recorded.", new Dictionary<string, ParameterText> { ["person_id"] = PersonId },
            NotFound: "No person with this id in the workspace."),
        ["ingestEvent"] = new("Ingest an event by userId or anonymousId",
            "Accepts an event for the person with this userId, or for an anonymous visitor by anonymousId: such events wait and are " +
            "attached to the person who is later created or updated with that anonymousId. Give a name and one of userId and anonymousId.",
            "The event, accepted.",
            NotFound: "No person with this userId in the workspace; create them first, or send an anonymousId."),
    };

    /// <summary>What a problem status means, for operations that do not say more.</summary>
    public static string ProblemText(int status, string? scope) => status switch
    {
        400 => "Validation failed: errors names every bad field or parameter (userId, traits.plan, people[3].email, limit), not just the first.",
        401 => "The API key is missing, malformed, unknown or revoked. The response carries WWW-Authenticate: Bearer.",
        403 => $"The API key belongs to another workspace, or lacks the {scope} scope; detail says which.",
        404 => "Not found.",
        409 => "Conflict.",
        413 => "The body is larger than the limit: 1 MiB, or 10 MiB for /people/batch.",
        415 => "The body was not sent as JSON: set Content-Type: application/json.",
        429 => "This API key sent more requests than its rate limit (by default 1,000 per second, with a burst). Retry after the " +
               "number of seconds in Retry-After.",
        _ => "A problem.",
    };

    public static JsonNode? Default(ParameterText p) =>
        p.Default is { } d ? JsonValue.Create(d) : p.DefaultText is { } t ? JsonValue.Create(t) : null;
}
