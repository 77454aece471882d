using System.Net;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests;

public sealed class BatchAndConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Thirty_two_concurrent_upserts_of_one_userId_make_exactly_one_person_and_no_5xx()
    {
        var c = await factory.NewClientAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            c.PostAsync("/people/upsert", "{\"userId\":\"race\",\"traits\":{\"k" + i + "\":" + i + "}}")));

        Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"got {(int)r.Status}"));
        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.Single(results.Select(r => r.Body!["id"]!.GetValue<string>()).Distinct());
        var found = await c.GetAsync("/people/search?userId=race");
        var person = Assert.Single(found.Body!["people"]!.AsArray())!;
        Assert.Equal(32, person["traits"]!.AsObject().Count); // every merge kept
        Assert.Equal(1, (await c.GetAsync("/people/stats")).Body!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Concurrent_creates_of_one_userId_give_one_201_and_409s()
    {
        var c = await factory.NewClientAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => c.PostAsync("/people", """{"userId":"once"}""")));
        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => r.AssertProblem(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_batch_with_one_invalid_item_writes_nothing_and_names_each_bad_item()
    {
        var c = await factory.NewClientAsync();
        var body = (await c.PostAsync("/people/batch", """
            {"people":[
              {"userId":"ok1","email":"ok1@x.io"},
              {"userId":"ok2","email":"not-an-email"},
              {"email":"missing@x.io"},
              {"userId":"ok4","traits":{"$bad":1}}
            ]}
            """)).AssertProblem(HttpStatusCode.BadRequest, "people[1].email", "people[2].userId", "people[3].traits.$bad");
        Assert.Null(body["errors"]!["people[0].userId"]);

        Assert.Equal(0, (await c.GetAsync("/people/stats")).Body!["total"]!.GetValue<long>());
        Assert.Empty((await c.GetAsync("/people/search?userId=ok1")).Body!["people"]!.AsArray());
    }

    [Fact]
    public async Task A_batch_whose_merge_breaks_a_rule_writes_nothing()
    {
        var c = await factory.NewClientAsync();
        var traits = new JsonObject();
        for (var i = 0; i < 300; i++) traits[$"k{i}"] = i;
        await c.PostAsync("/people", new JsonObject { ["userId"] = "full", ["traits"] = traits }.ToJsonString());

        (await c.PostAsync("/people/batch", """{"people":[{"userId":"fresh"},{"userId":"full","traits":{"extra":1}}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "people[1].traits");
        Assert.Empty((await c.GetAsync("/people/search?userId=fresh")).Body!["people"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"people":[]}""", "people")]
    [InlineData("""{"people":{}}""", "people")]
    [InlineData("""{"nobody":[]}""", "people")]
    [InlineData("""{"people":[1]}""", "people[0]")]
    public async Task Batch_shape_errors_are_a_400(string body, string field)
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people/batch", body)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_batch_of_101_is_refused_and_100_is_accepted()
    {
        var c = await factory.NewClientAsync();
        string Items(int n) => string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"userId":"n{{i}}"}"""));
        (await c.PostAsync("/people/batch", $$"""{"people":[{{Items(101)}}]}""")).AssertProblem(HttpStatusCode.BadRequest, "people");
        var (status, body, _) = await c.PostAsync("/people/batch", $$"""{"people":[{{Items(100)}}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(100, body!["people"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_same_userId_twice_in_a_batch_creates_then_merges_in_order()
    {
        var c = await factory.NewClientAsync();
        var (status, body, _) = await c.PostAsync("/people/batch", """
            {"people":[
              {"userId":"twice","email":"first@x.io","traits":{"a":1,"b":1}},
              {"userId":"other"},
              {"userId":"twice","traits":{"b":2,"a":null},"status":"bounced"}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body!["created_count"]!.GetValue<int>());
        Assert.Equal(1, body["updated_count"]!.GetValue<int>());
        var people = body["people"]!.AsArray();
        Assert.Equal(3, people.Count);
        Assert.Equal(people[0]!["id"]!.GetValue<string>(), people[2]!["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"b":2}"""), people[2]!["traits"]));
        Assert.Equal("bounced", people[2]!["status"]!.GetValue<string>());
        Assert.Equal("first@x.io", people[2]!["email"]!.GetValue<string>());

        var stored = (await c.GetAsync($"/people/{people[0]!["id"]}")).Body!;
        Assert.True(JsonNode.DeepEquals(people[2], stored));
        var events = (await c.GetAsync($"/people/{people[0]!["id"]}/events")).Body!["events"]!.AsArray();
        Assert.Equal(new[] { "person.updated", "person.created" }, events.Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(1, (await c.GetAsync("/people/stats")).Body!["bounced"]!.GetValue<long>());
    }
}
