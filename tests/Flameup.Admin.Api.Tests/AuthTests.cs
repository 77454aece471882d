using Flameup.Admin.Core.Common;
using System.Net;
using System.Net.Http.Headers;
using Flameup.Admin.Core.ApiKeys;

namespace Flameup.Admin.Api.Tests;

public sealed class AuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer flk_not_a_real_key")]
    public async Task Missing_malformed_or_unknown_keys_get_401_with_WWW_Authenticate(string? header)
    {
        var (ws, _) = await factory.NewWorkspaceAsync();
        var client = factory.CreateClient();
        if (header is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        var r = await client.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}/people");
        r.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Contains(r.Response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var c = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/people")).Status);
        var key = (await factory.Service<ApiKeyService>().ListAsync(c.Workspace)).Single();
        await factory.Service<ApiKeyService>().RevokeAsync(Actor.System, key.Id);
        (await c.GetAsync("/people")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_of_another_workspace_is_403_and_names_the_workspace()
    {
        var mine = await factory.NewClientAsync();
        var other = await factory.NewClientAsync();
        var body = (await mine.Http.SendAsync(HttpMethod.Get, other.Base + "/people")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Contains(mine.Workspace, body["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/people", ApiKeyScopes.Read)]
    [InlineData("POST", "/people", ApiKeyScopes.Write)]
    [InlineData("POST", "/people/upsert", ApiKeyScopes.Write)]
    [InlineData("POST", "/people/batch", ApiKeyScopes.Write)]
    [InlineData("GET", "/people/stats", ApiKeyScopes.Read)]
    [InlineData("DELETE", "/people/00000000-0000-0000-0000-000000000000", ApiKeyScopes.Delete)]
    [InlineData("POST", "/events", ApiKeyScopes.Write)]
    public async Task A_key_without_the_scope_is_403_naming_the_scope(string method, string path, string scope)
    {
        var others = ApiKeyScopes.All.Where(s => s != scope).ToArray();
        var c = await factory.NewClientAsync(others);
        var body = (await c.Http.SendAsync(new HttpMethod(method), c.Base + path, method == "GET" || method == "DELETE" ? null : """{"userId":"x","name":"n"}"""))
            .AssertProblem(HttpStatusCode.Forbidden);
        Assert.Contains(scope, body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_person_of_another_workspace_is_never_visible()
    {
        var a = await factory.NewClientAsync();
        var b = await factory.NewClientAsync();
        var id = await a.CreatePersonAsync("""{"userId":"secret","email":"s@a.io","traits":{"name":"Secret Agent"}}""");

        (await b.GetAsync($"/people/{id}")).AssertProblem(HttpStatusCode.NotFound);
        (await b.PutAsync($"/people/{id}", """{"status":"bounced"}""")).AssertProblem(HttpStatusCode.NotFound);
        (await b.DeleteAsync($"/people/{id}")).AssertProblem(HttpStatusCode.NotFound);
        (await b.GetAsync($"/people/{id}/events")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty((await b.GetAsync("/people?search=secret")).Body!["people"]!.AsArray());
        Assert.Empty((await b.GetAsync("/people/search?email=s@a.io")).Body!["people"]!.AsArray());
        Assert.Equal(0, (await b.GetAsync("/people/stats")).Body!["total"]!.GetValue<long>());
        // The same userId in another workspace is another person.
        Assert.Equal(HttpStatusCode.Created, (await b.PostAsync("/people", """{"userId":"secret"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/people/{id}")).Status);
    }

    [Fact]
    public async Task Key_use_is_recorded_without_a_write_per_request()
    {
        var c = await factory.NewClientAsync();
        var keys = factory.Service<ApiKeyService>();
        Assert.Null((await keys.ListAsync(c.Workspace)).Single().LastUsedAt);
        await c.GetAsync("/people");
        // ListAsync flushes the pending use first, as the background flusher does every few seconds.
        Assert.NotNull((await keys.ListAsync(c.Workspace)).Single().LastUsedAt);
    }

#if !POSTGRES // reads the SQLite file
    [Fact]
    public async Task Keys_are_stored_only_as_a_hash_with_a_visible_prefix()
    {
        var (ws, secret) = await factory.NewWorkspaceAsync();
        var key = (await factory.Service<ApiKeyService>().ListAsync(ws)).Single();
        Assert.StartsWith(key.Prefix, secret);
        Assert.True(key.Prefix.Length < secret.Length / 2);
        var raw = await File.ReadAllBytesAsync(factory.DatabasePath);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(raw));
    }
#endif
}

public sealed class RateLimitFactory : ApiFactory
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Flameup:Api:RateLimitPerSecond"] = "10",
        ["Flameup:Api:RateLimitBurst"] = "5",
    };
}

public sealed class RateLimitTests(RateLimitFactory factory) : IClassFixture<RateLimitFactory>
{
    [Fact]
    public async Task Past_the_burst_a_key_gets_429_with_Retry_After_and_other_keys_are_not_affected()
    {
        var c = await factory.NewClientAsync();
        var statuses = new List<HttpStatusCode>();
        (HttpStatusCode, System.Text.Json.Nodes.JsonNode?, HttpResponseMessage) limited = default;
        for (var i = 0; i < 12; i++)
        {
            var r = await c.GetAsync("/people/stats");
            statuses.Add(r.Status);
            if (r.Status == HttpStatusCode.TooManyRequests) limited = r;
        }
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        limited.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Item3!.Headers.RetryAfter is not null);

        var other = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/people/stats")).Status);
    }
}
