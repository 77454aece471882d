using System.Net;
using System.Net.Http.Headers;
using Flameup.Admin.Web.Hosting;

namespace Flameup.Admin.Api.Tests.Security;

/// <summary>Security headers on pages, files, the API (JSON and problem+json), the OpenAPI document and the reference.</summary>
public sealed class SecurityHeadersTests
{
    static string Csp(HttpResponseMessage r) => string.Join(", ", r.Headers.GetValues("Content-Security-Policy"));

    static void AssertCommonHeaders(HttpResponseMessage r, string what)
    {
        Assert.True(r.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"{what}: no nosniff");
        Assert.True(r.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "same-origin", $"{what}: no Referrer-Policy");
        Assert.True(r.Headers.TryGetValues("X-Frame-Options", out var frames) && frames.Single() == "DENY", $"{what}: no X-Frame-Options");
        Assert.True(r.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Count() == 1, $"{what}: not exactly one CSP");
        Assert.Contains("frame-ancestors 'none'", Csp(r));
        Assert.DoesNotContain("unsafe-eval", Csp(r));
        Assert.False(r.Headers.Contains("Server"), $"{what}: Server header sent ({string.Join(",", r.Headers.TryGetValues("Server", out var s) ? s : [])})");
    }

    static string ScriptSources(string csp) =>
        csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));

    [Fact]
    public async Task A_page_allows_only_this_host_s_scripts_and_its_own_inline_scripts_by_hash()
    {
        await using var host = await SecurityHost.StartAsync();
        using var client = host.Raw();
        var page = await new Browser(client).GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertCommonHeaders(page, "sign-in page");
        var scripts = ScriptSources(Csp(page));
        Assert.DoesNotContain("unsafe-inline", scripts);
        Assert.DoesNotContain("*", scripts);
        Assert.Contains("default-src 'self'", Csp(page));
        Assert.Contains("object-src 'none'", Csp(page));

        // Each inline script the page really sends (the theme script, the framework's import map) is allowed by its hash.
        var inline = ContentSecurityPolicy.InlineScriptBodies(await page.Content.ReadAsStringAsync()).ToList();
        Assert.Equal(2, inline.Count);
        foreach (var body in inline) Assert.Contains(ContentSecurityPolicy.Hash(body), scripts);
    }

    [Fact]
    public async Task Static_files_carry_the_headers()
    {
        await using var host = await SecurityHost.StartAsync();
        using var client = host.Raw();
        foreach (var path in new[] { "/assets/app.css", "/assets/logo.svg", "/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.css" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            AssertCommonHeaders(response, path);
        }
    }

    [Fact]
    public async Task Api_answers_json_problems_and_the_openapi_document_carry_a_policy_that_allows_nothing()
    {
        await using var host = await SecurityHost.StartAsync();
        var (ws, key) = await host.NewWorkspaceAsync();
        using var client = host.Raw();

        var unauthorized = await client.GetAsync($"/api/v1/workspaces/{ws}/people");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{ws}/people");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var ok = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/json", ok.Content.Headers.ContentType?.MediaType);

        var notFound = await client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var health = await client.GetAsync("/health/ready");

        foreach (var (what, r) in new[] { ("401", unauthorized), ("200", ok), ("404", notFound), ("openapi", openApi), ("health", health) })
        {
            AssertCommonHeaders(r, what);
            Assert.Equal(ContentSecurityPolicy.Api, Csp(r));
        }
    }

    [Fact]
    public async Task The_API_reference_allows_its_own_files_and_any_inline_script_it_serves_by_hash()
    {
        await using var host = await SecurityHost.StartAsync();
        using var client = host.Raw();
        var docs = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        AssertCommonHeaders(docs, "/api/docs");
        var scripts = ScriptSources(Csp(docs));
        Assert.DoesNotContain("unsafe-inline", scripts);
        Assert.DoesNotContain("http", Csp(docs)); // no other host
        var html = await docs.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/", html); // the reference's own files, from this host
        // The page carries no inline script today; should one come back (a Scalar configuration), it is allowed by its hash only.
        foreach (var body in ContentSecurityPolicy.InlineScriptBodies(html)) Assert.Contains(ContentSecurityPolicy.Hash(body), scripts);
    }

    [Fact]
    public async Task Hsts_is_sent_on_https_only_and_forwarded_https_counts_only_when_forwarded_headers_are_on()
    {
        static void ViaTlsProxy(HttpRequestMessage r)
        {
            r.Headers.Host = "admin.example.test"; // HSTS is never sent for localhost
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-For", "203.0.113.10");
        }

        await using (var direct = await SecurityHost.StartAsync())
        {
            using var client = direct.Raw();
            var response = await new Browser(client).GetAsync("/account/login", ViaTlsProxy);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "an untrusted X-Forwarded-Proto was believed");
        }

        await using var proxied = await SecurityHost.StartAsync(new() { ["Flameup:Security:ForwardedHeaders:Enabled"] = "true" });
        using (var client = proxied.Raw())
        {
            var response = await new Browser(client).GetAsync("/account/login", ViaTlsProxy);
            Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
            var plain = await new Browser(client).GetAsync("/account/login", r => r.Headers.Host = "admin.example.test");
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS on plain http");
        }
    }

    [Fact]
    public async Task With_AllowedHosts_set_a_forged_Host_is_refused()
    {
        await using var host = await SecurityHost.StartAsync(new() { ["AllowedHosts"] = "admin.example.test" });
        using var client = host.Raw();
        var forged = await new Browser(client).GetAsync("/w/ws_demo/people", r => r.Headers.Host = "evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
        var real = await new Browser(client).GetAsync("/w/ws_demo/people", r => r.Headers.Host = "admin.example.test");
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("admin.example.test", real.Headers.Location!.Host);
    }
}
