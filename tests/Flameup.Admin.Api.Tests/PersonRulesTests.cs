using System.Net;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests;

/// <summary>Field rules of a person and the merge semantics of update and upsert.</summary>
public sealed class PersonRulesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("""{"email":"a@b.co"}""", "userId")]
    [InlineData("""{"userId":""}""", "userId")]
    [InlineData("""{"userId":"   "}""", "userId")]
    [InlineData("""{"userId":null}""", "userId")]
    [InlineData("""{"userId":12345}""", "userId")]
    [InlineData("""{"userId":"u","email":"not-an-email"}""", "email")]
    [InlineData("""{"userId":"u","email":42}""", "email")]
    [InlineData("""{"userId":"u","status":"deleted"}""", "status")]
    [InlineData("""{"userId":"u","status":"ACTIVE"}""", "status")]
    [InlineData("""{"userId":"u","traits":{"$x":1}}""", "traits.$x")]
    public async Task Bad_fields_are_a_400_naming_the_field(string body, string field)
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people", body)).AssertProblem(HttpStatusCode.BadRequest, field);
        (await c.PostAsync("/people/upsert", body)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task One_400_names_every_bad_field()
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people", """{"userId":7,"email":"nope","status":"gone","traits":{"$a":1,"ok":"x","b":"%s"}}""".Replace("%s", new string('z', 10_001))))
            .AssertProblem(HttpStatusCode.BadRequest, "userId", "email", "status", "traits.$a", "traits.b");
    }

    [Fact]
    public async Task UserId_of_255_characters_is_allowed_and_256_is_not()
    {
        var c = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", $$"""{"userId":"{{new string('u', 255)}}"}""")).Status);
        (await c.PostAsync("/people", $$"""{"userId":"{{new string('u', 256)}}"}""")).AssertProblem(HttpStatusCode.BadRequest, "userId");
    }

    [Fact]
    public async Task Email_of_254_characters_is_allowed_and_255_is_not()
    {
        var c = await factory.NewClientAsync();
        var ok = new string('a', 64) + "@" + new string('b', 185) + ".com"; // 254
        Assert.Equal(254, ok.Length);
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", $$"""{"userId":"e1","email":"{{ok}}"}""")).Status);
        (await c.PostAsync("/people", $$"""{"userId":"e2","email":"x{{ok}}"}""")).AssertProblem(HttpStatusCode.BadRequest, "email");
    }

    [Fact]
    public async Task Duplicate_userId_on_create_is_a_409_naming_it()
    {
        var c = await factory.NewClientAsync();
        await c.CreatePersonAsync("""{"userId":"dup"}""");
        var body = (await c.PostAsync("/people", """{"userId":"dup"}""")).AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("dup", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserIds_are_case_sensitive()
    {
        var c = await factory.NewClientAsync();
        await c.CreatePersonAsync("""{"userId":"Case"}""");
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", """{"userId":"case"}""")).Status);
    }

    [Fact]
    public async Task Update_removes_a_trait_set_to_null_keeps_others_and_clears_email_with_null()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"m","email":"m@x.io","traits":{"a":1,"b":2}}""");
        var (status, body, _) = await c.PutAsync($"/people/{id}", """{"email":null,"traits":{"a":null,"c":3}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(body!["email"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"b":2,"c":3}"""), body["traits"]));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"traits":{}}""")]
    [InlineData("""{"traits":{"a":1,"gone":null}}""")]
    [InlineData("""{"email":"m@x.io","status":"active"}""")]
    public async Task An_update_that_changes_nothing_leaves_updated_at_and_records_no_event(string change)
    {
        var c = await factory.NewClientAsync();
        var created = (await c.PostAsync("/people", """{"userId":"same","email":"m@x.io","traits":{"a":1}}""")).Body!;
        var id = created["id"]!.GetValue<string>();
        await Task.Delay(5);

        var (status, body, _) = await c.PutAsync($"/people/{id}", change);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(created["updated_at"]!.GetValue<string>(), body!["updated_at"]!.GetValue<string>());

        var upsert = await c.PostAsync("/people/upsert", """{"userId":"same","traits":{"a":1}}""");
        Assert.Equal(created["updated_at"]!.GetValue<string>(), upsert.Body!["updated_at"]!.GetValue<string>());

        var events = (await c.GetAsync($"/people/{id}/events")).Body!;
        Assert.Equal(1, events["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upsert_of_an_existing_person_keeps_fields_left_out()
    {
        var c = await factory.NewClientAsync();
        await c.PostAsync("/people/upsert", """{"userId":"keep","email":"k@x.io","status":"unsubscribed","traits":{"plan":"pro"}}""");
        var (_, body, _) = await c.PostAsync("/people/upsert", """{"userId":"keep","traits":{"seen":true}}""");
        Assert.Equal("unsubscribed", body!["status"]!.GetValue<string>());
        Assert.Equal("k@x.io", body["email"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"plan":"pro","seen":true}"""), body["traits"]));
    }

    [Fact]
    public async Task Changing_userId_to_one_in_use_is_a_409_and_to_a_free_one_works()
    {
        var c = await factory.NewClientAsync();
        await c.CreatePersonAsync("""{"userId":"taken"}""");
        var id = await c.CreatePersonAsync("""{"userId":"mine"}""");
        (await c.PutAsync($"/people/{id}", """{"userId":"taken"}""")).AssertProblem(HttpStatusCode.Conflict);
        var (status, body, _) = await c.PutAsync($"/people/{id}", """{"userId":"renamed"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("renamed", body!["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updating_an_unknown_person_is_a_404()
    {
        var c = await factory.NewClientAsync();
        (await c.PutAsync($"/people/{Guid.NewGuid()}", """{"status":"bounced"}""")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Emails_are_stored_as_given_and_searched_case_insensitively()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"mail","email":"Jane.Doe@Example.COM"}""");
        var (_, body, _) = await c.GetAsync("/people/search?email=jane.doe@example.com");
        Assert.Equal(id, body!["people"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("Jane.Doe@Example.COM", body["people"]![0]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_persons_userId_can_be_used_again_with_a_new_id_and_no_old_events()
    {
        var c = await factory.NewClientAsync();
        var old = await c.CreatePersonAsync("""{"userId":"again"}""");
        await c.PostAsync($"/people/{old}/events", """{"name":"Clicked"}""");
        await c.DeleteAsync($"/people/{old}");

        var fresh = await c.CreatePersonAsync("""{"userId":"again"}""");
        Assert.NotEqual(old, fresh);
        var events = (await c.GetAsync($"/people/{fresh}/events")).Body!["events"]!.AsArray();
        Assert.Equal(new[] { "person.created" }, events.Select(e => e!["name"]!.GetValue<string>()));
    }
}
