using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests.Security;

/// <summary>Per-client limits before authentication: bad API keys and sign-in form posts.</summary>
public sealed class ClientLimitTests
{
    static HttpRequestMessage Get(string url, string key, string? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (client is not null) request.Headers.Add("X-Forwarded-For", client);
        return request;
    }

    [Fact]
    public async Task Many_bad_keys_from_one_client_get_429_while_good_keys_and_other_clients_go_on()
    {
        await using var host = await SecurityHost.StartAsync(new()
        {
            ["Flameup:Security:ApiFailedAuthLimit"] = "5",
            ["Flameup:Security:ApiFailedAuthWindowSeconds"] = "300",
            ["Flameup:Security:ForwardedHeaders:Enabled"] = "true", // the test's clients arrive "through a proxy" on loopback
        });
        var (ws, key) = await host.NewWorkspaceAsync();
        var people = $"/api/v1/workspaces/{ws}/people";
        using var http = host.Raw();

        // A busy integration with a good key never counts against its address.
        for (var i = 0; i < 50; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Get(people, key, "198.51.100.1"))).StatusCode);

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get(people, $"flk_guess_{i}", "203.0.113.7"))).StatusCode);
        var limited = await http.SendAsync(Get(people, "flk_guess_next", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        Assert.Equal(429, problem["status"]!.GetValue<int>());
        Assert.Contains("valid API key", problem["detail"]!.GetValue<string>());
        Assert.True(limited.Headers.RetryAfter?.Delta?.TotalSeconds >= 1, "no Retry-After");
        // No header at all counts as a failed attempt too; the address stays limited.
        var bare = new HttpRequestMessage(HttpMethod.Get, people);
        bare.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(bare)).StatusCode);

        // Another client, with a good key or a bad one, is not affected.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Get(people, key, "198.51.100.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Get(people, "flk_typo", "198.51.100.2"))).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_is_limited_per_client_with_a_readable_page()
    {
        await using var host = await SecurityHost.StartAsync(new()
        {
            ["Flameup:Security:SignInLimit"] = "3",
            ["Flameup:Security:SignInWindowSeconds"] = "300",
        });
        using var http = host.Raw();
        var browser = new Browser(http);
        for (var i = 0; i < 3; i++)
        {
            var refused = await host.SignInAsync(browser, password: "Wrong-Passw0rd-" + i);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("email or password is incorrect", await refused.Content.ReadAsStringAsync());
        }

        // Even the right password is not checked once the address used up its attempts.
        var limited = await host.SignInAsync(browser);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta?.TotalSeconds >= 1, "no Retry-After");
        var html = await limited.Content.ReadAsStringAsync();
        Assert.Contains("Too many sign-in attempts", html);
        Assert.Contains("try again", html);
        Assert.DoesNotContain("flameup.auth", string.Join(" ", browser.SetCookies.Keys));

        var otherSpelling = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/Account/Login/")
            { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login" }) });
        Assert.Equal(HttpStatusCode.TooManyRequests, otherSpelling.StatusCode);

        // Only the form post is limited: the page itself still opens.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
    }
}
