using System.Text.Json.Nodes;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// Example requests and responses for the document, taken from the public documentation (people-api-seed.txt):
/// its Person object, its request bodies and its list and stats responses. The API tests check that each
/// example is valid against the schema it illustrates.
/// </summary>
public static class OpenApiExamples
{
    const string Jane = """
        {"id": "550e8400-e29b-41d4-a716-446655440000", "workspace_id": "ws_abc123", "userId": "user_12345",
         "email": "jane@example.com", "status": "active",
         "traits": {"first_name": "Jane", "last_name": "Doe", "plan": "premium", "company": "Acme Inc"},
         "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-20T14:45:00Z"}
        """;

    static JsonNode Person(Action<JsonObject>? change = null)
    {
        var p = JsonNode.Parse(Jane)!.AsObject();
        change?.Invoke(p);
        return p;
    }

    /// <summary>Example request bodies by operation id.</summary>
    public static readonly IReadOnlyDictionary<string, JsonNode> Requests = new Dictionary<string, JsonNode>
    {
        ["createPerson"] = JsonNode.Parse("""
            {"userId": "user_12345", "email": "jane@example.com",
             "traits": {"first_name": "Jane", "last_name": "Doe", "plan": "premium", "company": "Acme Inc"}}
            """)!,
        ["updatePerson"] = JsonNode.Parse("""{"traits": {"plan": "enterprise", "renewal_date": "2025-01-15"}}""")!,
        ["upsertPerson"] = JsonNode.Parse("""
            {"userId": "user_12345", "email": "jane@example.com",
             "traits": {"first_name": "Jane", "last_name": "Doe", "last_login": "2024-01-20T14:45:00Z"}}
            """)!,
        ["batchUpsertPeople"] = JsonNode.Parse("""
            {"people": [
              {"userId": "user_001", "email": "alice@example.com", "traits": {"first_name": "Alice", "plan": "basic"}},
              {"userId": "user_002", "email": "bob@example.com", "traits": {"first_name": "Bob", "plan": "premium"}}]}
            """)!,
        ["recordPersonEvent"] = JsonNode.Parse("""{"name": "order_completed", "properties": {"order_id": "ord_789", "total": 49.9}}""")!,
        ["ingestEvent"] = JsonNode.Parse("""{"anonymousId": "anon_5f2c", "name": "page_viewed", "properties": {"path": "/pricing"}}""")!,
    };

    /// <summary>Example success bodies by operation id.</summary>
    public static readonly IReadOnlyDictionary<string, JsonNode> Responses = new Dictionary<string, JsonNode>
    {
        ["createPerson"] = Person(),
        ["getPerson"] = Person(),
        ["updatePerson"] = Person(p =>
        {
            p["traits"]!["plan"] = "enterprise";
            p["traits"]!["renewal_date"] = "2025-01-15";
        }),
        ["upsertPerson"] = Person(p => p["was_created"] = true),
        ["listPeople"] = new JsonObject { ["people"] = new JsonArray(Person()), ["total"] = 1250, ["limit"] = 50, ["offset"] = 0 },
        ["searchPeople"] = new JsonObject { ["people"] = new JsonArray(Person()) },
        ["batchUpsertPeople"] = JsonNode.Parse("""
            {"people": [
              {"id": "0190f5a2-7c1e-7d3a-9b1e-2f6a1c0d4e01", "workspace_id": "ws_abc123", "userId": "user_001", "email": "alice@example.com",
               "status": "active", "traits": {"first_name": "Alice", "plan": "basic"},
               "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z"},
              {"id": "0190f5a2-7c1e-7d3a-9b1e-2f6a1c0d4e02", "workspace_id": "ws_abc123", "userId": "user_002", "email": "bob@example.com",
               "status": "active", "traits": {"first_name": "Bob", "plan": "premium"},
               "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z"}],
             "created_count": 2, "updated_count": 0}
            """)!,
        ["getPeopleStats"] = JsonNode.Parse("""{"total": 15420, "active": 14200, "unsubscribed": 850, "bounced": 370, "recent": 245}""")!,
        ["listPersonEvents"] = JsonNode.Parse("""
            {"events": [
              {"id": "0190f5a3-1b2c-7d3a-8e4f-5a6b7c8d9e0f", "person_id": "550e8400-e29b-41d4-a716-446655440000", "name": "person.updated",
               "properties": {"traits.plan": {"old": "premium", "new": "enterprise"}}, "timestamp": "2024-01-20T14:45:00Z"},
              {"id": "0190f5a2-7c1e-7d3a-9b1e-2f6a1c0d4e00", "person_id": "550e8400-e29b-41d4-a716-446655440000", "name": "person.created",
               "properties": {}, "timestamp": "2024-01-15T10:30:00Z"}],
             "total": 2, "limit": 50, "offset": 0}
            """)!,
        ["recordPersonEvent"] = JsonNode.Parse("""
            {"id": "0190f5a4-0a1b-7c2d-8e3f-4a5b6c7d8e9f", "person_id": "550e8400-e29b-41d4-a716-446655440000", "name": "order_completed",
             "properties": {"order_id": "ord_789", "total": 49.9}, "timestamp": "2024-01-21T09:12:00Z"}
            """)!,
        ["ingestEvent"] = JsonNode.Parse("""{"id": "0190f5a4-0a1b-7c2d-8e3f-4a5b6c7d8ea0"}""")!,
    };

    /// <summary>An example 400, as the API answers a create with a blank userId and a malformed email.</summary>
    public static JsonNode ValidationProblem() => JsonNode.Parse("""
        {"type": "https://httpwg.org/specs/rfc9110.html#status.400", "title": "Validation failed", "status": 400,
         "detail": "2 fields are invalid: userId, email.",
         "errors": {"userId": ["must not be empty or blank"], "email": ["must be an email address like name@example.com"]}}
        """)!;
}
