using System.Net;
using System.Text;

namespace Flameup.Admin.Api.Tests;

/// <summary>Bad JSON, wrong types, huge bodies and odd unicode get 4xx problem+json, never a 500.</summary>
public sealed class RobustnessTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("{")]
    [InlineData("{\"userId\": }")]
    [InlineData("not json")]
    [InlineData("{\"userId\":\"a\",}")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Malformed_bodies_are_a_400(string body)
    {
        var c = await factory.NewClientAsync();
        foreach (var path in new[] { "/people", "/people/upsert", "/people/batch", "/events" })
            (await c.PostAsync(path, body)).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_typed_is_a_415()
    {
        var c = await factory.NewClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, c.Base + "/people") { Content = new StringContent("""{"userId":"x"}""", Encoding.UTF8, "text/plain") };
        var response = await c.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bodies_over_1_MiB_are_a_413_and_batches_may_be_up_to_10_MiB()
    {
        var c = await factory.NewClientAsync();
        var big = $$$"""{"userId":"big","traits":{"blob":"{{{new string('x', 1_100_000)}}}"}}""";
        (await c.PostAsync("/people", big)).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        (await c.PostAsync("/people/upsert", big)).AssertProblem(HttpStatusCode.RequestEntityTooLarge);

        // 100 people of ~20 KB each: about 2 MB, fine for a batch.
        var items = string.Join(",", Enumerable.Range(0, 100).Select(i => $$$"""{"userId":"b{{{i}}}","traits":{"t":"{{{new string('y', 9_000)}}}","u":"{{{new string('z', 9_000)}}}"}}"""));
        var (status, body, _) = await c.PostAsync("/people/batch", $$"""{"people":[{{items}}]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(100, body!["created_count"]!.GetValue<int>());

        var huge = $$$"""{"people":[{"userId":"h","traits":{"blob":"{{{new string('x', 11 * 1024 * 1024)}}}"}}]}""";
        (await c.PostAsync("/people/batch", huge)).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("{\"userId\":\"\\ud800\"}")]               // lone surrogate
    [InlineData("{\"userId\":\"u\",\"traits\":{\"\\udc00\":1}}")]
    [InlineData("{\"userId\":\"u\",\"traits\":{\"a\":\"\\udfff\"}}")]
    [InlineData("{\"userId\":\"u\\u0000x\"}")]            // NUL inside
    [InlineData("{\"userId\":\"u\",\"\\ud800\":1}")]        // a top-level key that is not valid Unicode
    public async Task Invalid_unicode_is_a_400_not_a_500(string body)
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people", body)).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_UTF8_bytes_are_a_400()
    {
        var c = await factory.NewClientAsync();
        var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'u', (byte)'s', (byte)'e', (byte)'r', (byte)'I', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await c.Http.PostAsync(c.Base + "/people", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("名前ユーザー")]
    [InlineData("😀🔥👩‍👩‍👧")]
    [InlineData("مرحبا")]
    [InlineData("e\u0301")]
    [InlineData("\u202Eevil")]
    public async Task Unusual_but_valid_unicode_round_trips(string text)
    {
        var c = await factory.NewClientAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(new { userId = text, traits = new Dictionary<string, string> { [text] = text, ["first_name"] = text } });
        var (status, body, _) = await c.PostAsync("/people", json);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(text, body!["userId"]!.GetValue<string>());
        Assert.Equal(text, body["traits"]![text]!.GetValue<string>());
        var found = await c.GetAsync($"/people/search?userId={Uri.EscapeDataString(text)}");
        Assert.Single(found.Body!["people"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_anonymousId_is_never_returned()
    {
        var c = await factory.NewClientAsync();
        var (status, body, _) = await c.PostAsync("/people", """{"userId":"x","anonymousId":"anon-1","favourite_colour":"blue","id":"ignored","created_at":"1999-01-01T00:00:00Z"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Null(body!["favourite_colour"]);
        Assert.Null(body["anonymousId"]);
        Assert.NotEqual("ignored", body["id"]!.GetValue<string>());
        Assert.DoesNotContain("1999", body["created_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deeply_nested_JSON_is_a_400()
    {
        var c = await factory.NewClientAsync();
        var deep = new string('[', 5000) + new string(']', 5000);
        (await c.PostAsync("/people", "{\"userId\":\"d\",\"traits\":{\"a\":" + deep + "}}")).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_answer_problem_json()
    {
        var c = await factory.NewClientAsync();
        var notFound = await c.Http.SendAsync(HttpMethod.Get, "/api/v1/nothing-here");
        notFound.AssertProblem(HttpStatusCode.NotFound);
        var notAllowed = await c.Http.SendAsync(HttpMethod.Patch, c.Base + "/people", """{}""");
        notAllowed.AssertProblem(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("status=gone", "status")]
    [InlineData("sort=name", "sort")]
    [InlineData("created_since=yesterday", "created_since")]
    [InlineData("updated_since=2024-13-45T00:00:00Z", "updated_since")]
    public async Task Bad_list_parameters_are_a_400_naming_the_parameter(string query, string field)
    {
        var c = await factory.NewClientAsync();
        (await c.GetAsync("/people?" + query)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=a&limit=0", "limit")]
    [InlineData("q=a&limit=101", "limit")]
    [InlineData("q=a&limit=x", "limit")]
    public async Task Bad_search_parameters_are_a_400_naming_the_parameter(string query, string field)
    {
        var c = await factory.NewClientAsync();
        (await c.GetAsync("/people/search?" + query)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("offset=-5", "offset")]
    public async Task Bad_event_list_parameters_are_a_400(string query, string field)
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"ev"}""");
        (await c.GetAsync($"/people/{id}/events?" + query)).AssertProblem(HttpStatusCode.BadRequest, field);
    }
}
