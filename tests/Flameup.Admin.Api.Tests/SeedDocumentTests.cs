using System.Net;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests;

/// <summary>The requests of the public documentation (people-api-seed.txt), bodies verbatim, answered as it shows.</summary>
public sealed class SeedDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    const string CreateBody = """
        {
        "userId": "user_12345",
        "email": "jane@example.com",
        "traits": {
        "first_name": "Jane",
        "last_name": "Doe",
        "plan": "premium",
        "company": "Acme Inc"
        }
        }
        """;

    [Fact]
    public async Task Create_returns_201_with_location_and_the_documented_person_object()
    {
        var c = await factory.NewClientAsync();
        var (status, body, response) = await c.PostAsync("/people", CreateBody);

        Assert.Equal(HttpStatusCode.Created, status);
        var id = body!["id"]!.GetValue<string>();
        Assert.True(Guid.TryParse(id, out _));
        Assert.EndsWith($"/api/v1/workspaces/{c.Workspace}/people/{id}", response.Headers.Location!.ToString());
        Assert.Equal(c.Workspace, body["workspace_id"]!.GetValue<string>());
        Assert.Equal("user_12345", body["userId"]!.GetValue<string>());
        Assert.Equal("jane@example.com", body["email"]!.GetValue<string>());
        Assert.Equal("active", body["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first_name":"Jane","last_name":"Doe","plan":"premium","company":"Acme Inc"}"""), body["traits"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$", body["created_at"]!.GetValue<string>());
        Assert.Equal(body["created_at"]!.GetValue<string>(), body["updated_at"]!.GetValue<string>());
        Assert.Equal(new[] { "id", "workspace_id", "userId", "email", "status", "traits", "created_at", "updated_at" },
            body.AsObject().Select(p => p.Key).ToArray());
    }

    [Fact]
    public async Task Get_returns_the_person_and_404_for_unknown_ids()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync(CreateBody);

        var (status, body, _) = await c.GetAsync($"/people/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, body!["id"]!.GetValue<string>());

        (await c.GetAsync($"/people/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
        (await c.GetAsync("/people/not-a-uuid")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_merges_traits_and_moves_updated_at()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync(CreateBody);
        await Task.Delay(5);

        var (status, body, _) = await c.PutAsync($"/people/{id}", """
            {
            "traits": {
            "plan": "enterprise",
            "renewal_date": "2025-01-15"
            }
            }
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"first_name":"Jane","last_name":"Doe","plan":"enterprise","company":"Acme Inc","renewal_date":"2025-01-15"}"""), body!["traits"]));
        Assert.Equal("jane@example.com", body["email"]!.GetValue<string>());
        Assert.NotEqual(body["created_at"]!.GetValue<string>(), body["updated_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_creates_with_201_then_updates_with_200_and_reports_was_created()
    {
        var c = await factory.NewClientAsync();
        const string body = """
            {
            "userId": "user_12345",
            "email": "jane@example.com",
            "traits": {
            "first_name": "Jane",
            "last_name": "Doe",
            "last_login": "2024-01-20T14:45:00Z"
            }
            }
            """;
        var first = await c.PostAsync("/people/upsert", body);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(first.Body!["was_created"]!.GetValue<bool>());

        var second = await c.PostAsync("/people/upsert", body);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.False(second.Body!["was_created"]!.GetValue<bool>());
        Assert.Equal(first.Body["id"]!.GetValue<string>(), second.Body["id"]!.GetValue<string>());
        Assert.Equal("2024-01-20T14:45:00Z", second.Body["traits"]!["last_login"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_with_the_documented_parameters_returns_people_total_limit_offset()
    {
        var c = await factory.NewClientAsync();
        await c.CreatePersonAsync("""{"userId":"u1","email":"jane@acme.com","traits":{"first_name":"Jane"}}""");
        await c.CreatePersonAsync("""{"userId":"u2","email":"bob@acme.com","status":"unsubscribed"}""");
        await c.CreatePersonAsync("""{"userId":"u3","email":"carl@other.org"}""");

        var (status, body, _) = await c.GetAsync("/people?limit=50&status=active&search=acme");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body!["total"]!.GetValue<long>());
        Assert.Equal(50, body["limit"]!.GetValue<int>());
        Assert.Equal(0, body["offset"]!.GetValue<int>());
        Assert.Equal("u1", body["people"]!.AsArray().Single()!["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_by_email_and_by_userId_finds_the_person()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync(CreateBody);

        var byEmail = await c.GetAsync("/people/search?email=jane@example.com");
        Assert.Equal(HttpStatusCode.OK, byEmail.Status);
        Assert.Equal(id, byEmail.Body!["people"]![0]!["id"]!.GetValue<string>());

        var byUserId = await c.GetAsync("/people/search?userId=user_12345");
        Assert.Equal(id, byUserId.Body!["people"]![0]!["id"]!.GetValue<string>());

        var none = await c.GetAsync("/people/search?userId=nobody");
        Assert.Empty(none.Body!["people"]!.AsArray());
    }

    [Fact]
    public async Task Batch_upserts_and_counts_created_and_updated()
    {
        var c = await factory.NewClientAsync();
        const string body = """
            {
            "people": [
            {"userId": "user_001", "email": "alice@example.com", "traits": {"first_name": "Alice"}},
            {"userId": "user_002", "email": "bob@example.com", "traits": {"first_name": "Bob"}}
            ]
            }
            """;
        var first = await c.PostAsync("/people/batch", body);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(2, first.Body!["created_count"]!.GetValue<int>());
        Assert.Equal(0, first.Body["updated_count"]!.GetValue<int>());
        Assert.Equal(new[] { "user_001", "user_002" }, first.Body["people"]!.AsArray().Select(p => p!["userId"]!.GetValue<string>()));

        var second = await c.PostAsync("/people/batch", body);
        Assert.Equal(0, second.Body!["created_count"]!.GetValue<int>());
        Assert.Equal(2, second.Body["updated_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_answers_204_with_an_empty_body_then_the_person_is_gone()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync(CreateBody);

        var (status, body, response) = await c.DeleteAsync($"/people/{id}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Null(body);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        (await c.GetAsync($"/people/{id}")).AssertProblem(HttpStatusCode.NotFound);
        (await c.DeleteAsync($"/people/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Events_of_a_person_list_the_recorded_history_newest_first()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync(CreateBody);
        await c.PutAsync($"/people/{id}", """{"traits":{"plan":"enterprise"}}""");

        var (status, body, _) = await c.GetAsync($"/people/{id}/events?limit=50");

        Assert.Equal(HttpStatusCode.OK, status);
        var events = body!["events"]!.AsArray();
        Assert.Equal(new[] { "person.updated", "person.created" }, events.Select(e => e!["name"]!.GetValue<string>()));
        var change = events[0]!["properties"]!["changes"]!["traits.plan"]!;
        Assert.Equal("premium", change["old"]!.GetValue<string>());
        Assert.Equal("enterprise", change["new"]!.GetValue<string>());
        Assert.Equal(id, events[0]!["person_id"]!.GetValue<string>());
        Assert.Equal(2, body["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stats_return_the_documented_counts()
    {
        var c = await factory.NewClientAsync();
        await c.CreatePersonAsync("""{"userId":"a"}""");
        await c.CreatePersonAsync("""{"userId":"b","status":"unsubscribed"}""");
        await c.CreatePersonAsync("""{"userId":"c","status":"bounced"}""");
        var id = await c.CreatePersonAsync("""{"userId":"d"}""");

        var (status, body, _) = await c.GetAsync("/people/stats");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"total":4,"active":2,"unsubscribed":1,"bounced":1,"recent":4}"""), body));

        await c.PutAsync($"/people/{id}", """{"status":"bounced"}""");
        await c.DeleteAsync($"/people/{(await c.GetAsync("/people/search?userId=a")).Body!["people"]![0]!["id"]}");
        var after = await c.GetAsync("/people/stats");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"total":3,"active":0,"unsubscribed":1,"bounced":2,"recent":3}"""), after.Body));
    }
}
