using Flameup.Admin.Core.Common;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.ApiKeys;

namespace Flameup.Admin.Api.Tests.Contract;

/// <summary>
/// Drives every operation through its success and error paths and checks each answer (status, content type,
/// headers, body, formats) against the schema the served OpenAPI document gives for that status; then checks
/// that every status the document lists was actually seen, so the document says neither less nor more than
/// the server does.
/// </summary>
public sealed class ResponsesMatchTheDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    sealed record Op(string Id, HttpMethod Method, string Path, string? Body = null);

    static IReadOnlyList<Op> Operations(string person) =>
    [
        new("createPerson", HttpMethod.Post, "/people", """{"userId": "u_any"}"""),
        new("listPeople", HttpMethod.Get, "/people"),
        new("searchPeople", HttpMethod.Get, "/people/search?userId=u_any"),
        new("getPeopleStats", HttpMethod.Get, "/people/stats"),
        new("upsertPerson", HttpMethod.Post, "/people/upsert", """{"userId": "u_any"}"""),
        new("batchUpsertPeople", HttpMethod.Post, "/people/batch", """{"people": [{"userId": "u_any"}]}"""),
        new("getPerson", HttpMethod.Get, $"/people/{person}"),
        new("updatePerson", HttpMethod.Put, $"/people/{person}", """{"status": "bounced"}"""),
        new("deletePerson", HttpMethod.Delete, $"/people/{person}"),
        new("listPersonEvents", HttpMethod.Get, $"/people/{person}/events"),
        new("recordPersonEvent", HttpMethod.Post, $"/people/{person}/events", """{"name": "x"}"""),
        new("ingestEvent", HttpMethod.Post, "/events", """{"anonymousId": "anon_1", "name": "x"}"""),
    ];

    [Fact]
    public async Task Every_operation_gives_each_documented_status_with_the_documented_shape_and_no_other()
    {
        var contract = new OpenApiContract(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var (ws, key) = await factory.NewWorkspaceAsync();
        var api = Checked(factory.ClientFor(key), contract);
        var b = $"/api/v1/workspaces/{ws}";

        // Success paths.
        var created = await api.SendAsync(HttpMethod.Post, b + "/people", """
            {"userId": "user_12345", "email": "jane@example.com", "anonymousId": "anon_jane",
             "traits": {"first_name": "Jane", "plan": "premium", "tags": ["a", 1, true, null], "address": {"city": "Oslo"}}}
            """);
        Assert.Equal(201, created.Status);
        var id = created.Body!["id"]!.GetValue<string>();
        await api.SendAsync(HttpMethod.Post, b + "/people", """{"userId": "user_no_email"}""");
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Get, $"{b}/people/{id}")).Status);
        var updated = await api.SendAsync(HttpMethod.Put, $"{b}/people/{id}", """{"email": null, "status": "unsubscribed", "traits": {"plan": null, "x": 1.5}}""");
        Assert.Equal(200, updated.Status);
        Assert.Null(updated.Body!["email"]);
        Assert.Equal(201, (await api.SendAsync(HttpMethod.Post, b + "/people/upsert", """{"userId": "user_new", "status": "bounced"}""")).Status);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, b + "/people/upsert", """{"userId": "user_new", "traits": {"k": "v"}}""")).Status);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Post, b + "/people/batch",
            """{"people": [{"userId": "user_001", "email": "alice@example.com"}, {"userId": "user_12345", "traits": {"plan": "basic"}}]}""")).Status);
        foreach (var query in new[] { "", "?limit=1&offset=1&status=active&search=user&sort=email", "?created_since=2020-01-01T00:00:00Z&updated_since=2020-01-01T00:00:00.5Z&sort=-updated_at" })
            Assert.Equal(200, (await api.SendAsync(HttpMethod.Get, b + "/people" + query)).Status);
        foreach (var query in new[] { "?q=jane", "?email=JANE@example.com&limit=5", "?userId=nobody" })
            Assert.Equal(200, (await api.SendAsync(HttpMethod.Get, b + "/people/search" + query)).Status);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Get, b + "/people/stats")).Status);
        Assert.Equal(201, (await api.SendAsync(HttpMethod.Post, $"{b}/people/{id}/events",
            """{"name": "order_completed", "properties": {"total": 49.9}, "timestamp": "2024-01-21T09:12:00Z"}""")).Status);
        Assert.Equal(202, (await api.SendAsync(HttpMethod.Post, b + "/events", """{"userId": "user_12345", "name": "page_viewed"}""")).Status);
        Assert.Equal(202, (await api.SendAsync(HttpMethod.Post, b + "/events", """{"anonymousId": "anon_later", "name": "page_viewed"}""")).Status);
        var events = await api.SendAsync(HttpMethod.Get, $"{b}/people/{id}/events?limit=10");
        Assert.Equal(200, events.Status);
        Assert.Contains(events.Body!["events"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "person.updated");

        // Validation (400) on every operation that reads input.
        (string Method, string Path, string? Body)[] invalid =
        [
            ("POST", "/people", """{"userId": " ", "email": "not-an-email", "status": "gone", "traits": {"$bad": 1}}"""),
            ("POST", "/people", "{not json"),
            ("GET", "/people", "?limit=0&offset=-1&status=gone&created_since=yesterday&sort=name"),
            ("GET", "/people/search", ""),
            ("GET", "/people/search", "?q=a&limit=101"),
            ("POST", "/people/upsert", """{"email": "a@b.co"}"""),
            ("POST", "/people/batch", """{"people": []}"""),
            ("POST", "/people/batch", """{"people": [{"userId": "ok"}, {"userId": 5}]}"""),
            ("PUT", $"/people/{id}", """{"userId": null, "traits": []}"""),
            ("GET", $"/people/{id}/events", "?limit=501"),
            ("POST", $"/people/{id}/events", """{"properties": "x"}"""),
            ("POST", "/events", """{"name": "x"}"""),
        ];
        foreach (var (method, path, body) in invalid)
        {
            var get = method == "GET";
            var r = await api.SendAsync(new HttpMethod(method), b + path + (get ? body : ""), get ? null : body);
            Assert.True(r.Status == 400, $"{method} {path}: {r.Status}");
        }

        // Not found (404), conflict (409).
        var nobody = Guid.NewGuid();
        foreach (var (method, path, body) in new (string, string, string?)[]
        {
            ("GET", $"/people/{nobody}", null), ("GET", "/people/not-a-uuid", null), ("PUT", $"/people/{nobody}", "{}"),
            ("DELETE", $"/people/{nobody}", null), ("GET", $"/people/{nobody}/events", null),
            ("POST", $"/people/{nobody}/events", """{"name": "x"}"""), ("POST", "/events", """{"userId": "nobody", "name": "x"}"""),
        })
            Assert.Equal(404, (await api.SendAsync(new HttpMethod(method), b + path, body)).Status);
        Assert.Equal(409, (await api.SendAsync(HttpMethod.Post, b + "/people", """{"userId": "user_12345"}""")).Status);
        Assert.Equal(409, (await api.SendAsync(HttpMethod.Put, $"{b}/people/{id}", """{"userId": "user_001"}""")).Status);

        // Bodies: not JSON (415), too large (413).
        var big = "{\"userId\": \"u\", \"traits\": {\"t\": \"" + new string('x', 1024 * 1024) + "\"}}";
        var bigBatch = "{\"people\": [{\"userId\": \"u\", \"traits\": {\"t\": \"" + new string('x', 10 * 1024 * 1024) + "\"}}]}";
        foreach (var op in Operations(id).Where(o => o.Body is not null))
        {
            Assert.Equal(415, (await api.SendAsync(op.Method, b + op.Path, op.Body, "text/plain")).Status);
            Assert.Equal(413, (await api.SendAsync(op.Method, b + op.Path, op.Id == "batchUpsertPeople" ? bigBatch : big)).Status);
        }

        // Keys: none or unknown (401), another workspace's or without the scope (403).
        var (otherWs, otherKey) = await factory.NewWorkspaceAsync();
        var (_, readOnly) = await NewKeyAsync(ws, ApiKeyScopes.Read);
        var (_, writeOnly) = await NewKeyAsync(ws, ApiKeyScopes.Write);
        var anonymous = Checked(factory.CreateClient(), contract);
        var unknown = Checked(factory.ClientFor("fk_unknown_key"), contract);
        var foreign = Checked(factory.ClientFor(otherKey), contract);
        foreach (var op in Operations(id))
        {
            Assert.Equal(401, (await anonymous.SendAsync(op.Method, b + op.Path, op.Body)).Status);
            Assert.Equal(401, (await unknown.SendAsync(op.Method, b + op.Path, op.Body)).Status);
            Assert.Equal(403, (await foreign.SendAsync(op.Method, b + op.Path, op.Body)).Status);
            var lacking = Checked(factory.ClientFor(op.Method == HttpMethod.Get ? writeOnly : readOnly), contract);
            Assert.Equal(403, (await lacking.SendAsync(op.Method, b + op.Path, op.Body)).Status);
        }
        Assert.NotEqual(ws, otherWs);

        // A people:write key without people:read gets the written person's identity only, as documented.
        var writer = Checked(factory.ClientFor(writeOnly), contract);
        var bare = await writer.SendAsync(HttpMethod.Post, b + "/people", """{"userId": "user_write_only", "email": "w@example.com"}""");
        Assert.Equal(201, bare.Status);
        Assert.Null(bare.Body!["email"]);
        Assert.Equal(200, (await writer.SendAsync(HttpMethod.Put, $"{b}/people/{bare.Body!["id"]}", """{"traits": {"a": 1}}""")).Status);
        Assert.Equal(200, (await writer.SendAsync(HttpMethod.Post, b + "/people/upsert", """{"userId": "user_write_only"}""")).Status);
        Assert.Equal(200, (await writer.SendAsync(HttpMethod.Post, b + "/people/batch", """{"people": [{"userId": "user_write_only"}]}""")).Status);

        // Too many requests (429): a host with a small rate limit, every operation past its burst.
        using (var limited = new RateLimitFactory())
        {
            var (lws, lkey) = await limited.NewWorkspaceAsync();
            var client = Checked(limited.ClientFor(lkey), contract);
            foreach (var op in Operations(Guid.NewGuid().ToString()))
            {
                var got429 = false;
                for (var i = 0; i < 30 && !got429; i++)
                    got429 = (await client.SendAsync(op.Method, $"/api/v1/workspaces/{lws}{op.Path}", op.Body)).Status == 429;
                Assert.True(got429, $"{op.Id} never answered 429");
            }
        }

        // Delete last (204).
        Assert.Equal(204, (await api.SendAsync(HttpMethod.Delete, $"{b}/people/{id}")).Status);

        var missing = contract.Documented().Except(contract.Seen).ToList();
        Assert.True(missing.Count == 0, "documented but never seen: " + string.Join(", ", missing.Select(m => $"{m.Operation} {m.Status}")));
    }

    [Fact]
    public async Task The_document_s_examples_match_their_own_schemas()
    {
        var contract = new OpenApiContract(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var count = 0;
        foreach (var (path, item) in contract.Document["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            var id = op!["operationId"]!.GetValue<string>();
            var places = new List<(string Where, JsonObject Media)>();
            if (op["requestBody"]?["content"] is JsonObject request) places.AddRange(request.Select(m => ($"{id} request {m.Key}", m.Value!.AsObject())));
            foreach (var (status, response) in op["responses"]!.AsObject())
                if (response!["content"] is JsonObject content) places.AddRange(content.Select(m => ($"{id} {status} {m.Key}", m.Value!.AsObject())));
            foreach (var (where, media) in places.Where(p => p.Media["example"] is not null))
            {
                contract.Validate(media["schema"]!.AsObject(), media["example"], "example " + where, $"example of {where}");
                count++;
            }
        }
        Assert.True(count >= 16, $"only {count} examples in the document");
    }

    [Fact]
    public async Task Every_operation_states_its_bearer_scope_summary_description_and_parameter_descriptions()
    {
        var contract = new OpenApiContract(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var expectedScope = new Dictionary<string, string> { ["get"] = ApiKeyScopes.Read, ["post"] = ApiKeyScopes.Write, ["put"] = ApiKeyScopes.Write, ["delete"] = ApiKeyScopes.Delete };
        foreach (var (path, item) in contract.Document["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            var scopes = op!["security"]!.AsArray().Single()!["bearer"]!.AsArray().Select(s => s!.GetValue<string>());
            Assert.Equal([expectedScope[method]], scopes);
            Assert.False(string.IsNullOrWhiteSpace(op["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
            Assert.Contains(expectedScope[method], op["description"]!.GetValue<string>());
            foreach (var p in op["parameters"]?.AsArray() ?? [])
                Assert.False(string.IsNullOrWhiteSpace(p!["description"]?.GetValue<string>()), $"{method} {path} {p["name"]} has no description");
            foreach (var (status, response) in op["responses"]!.AsObject())
                Assert.False(string.IsNullOrWhiteSpace(response!["description"]?.GetValue<string>()), $"{method} {path} {status}");
        }
        Assert.Equal("bearer", contract.Document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
    }

    async Task<(string Workspace, string Key)> NewKeyAsync(string workspace, string scope)
    {
        var key = await factory.Service<ApiKeyService>().CreateAsync(Actor.System, workspace, "contract", [scope]);
        return (workspace, key.Secret);
    }

    static CheckedClient Checked(HttpClient http, OpenApiContract contract) => new(http, contract);
}
