using Flameup.Admin.Core.Common;
using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Flameup.Admin.Browser.Tests;

/// <summary>
/// /api/docs as an integrator without internet sees it: every request that would leave the host is blocked
/// (and recorded), the page is served under a strict Content-Security-Policy, and the reference must still show
/// every operation with no failed request, no policy violation and none of Scalar's promotions.
/// </summary>
[Collection("browser")]
public sealed class ApiDocsTests(AppFixture app)
{
    /// <summary>The policy the page is meant to work under (see ApiReferencePage).</summary>
    const string StrictPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    static readonly string[] Operations =
    [
        "Create a person", "Get a person", "Update a person", "Create or update a person by userId", "List people", "Search people",
        "Upsert up to 100 people", "Delete a person", "People statistics", "A person's events", "Record an event on a person",
        "Ingest an event by userId or anonymousId",
    ];

    static readonly string[] Promotions = ["Ask AI", "Generate SDK", "Developer Tools", "Deploy", "Generate MCP", "Powered by Scalar"];

    [ChromiumFact]
    public async Task The_reference_lists_every_operation_offline_under_a_strict_policy_without_promotions()
    {
        var page = await app.NewPageAsync();
        var host = new Uri(app.BaseUrl).Authority;
        var outside = new List<string>();
        var failed = new List<string>();
        var violations = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != host)
            {
                outside.Add(route.Request.Url);
                await route.AbortAsync("blockedbyclient");
                return;
            }
            if (url.AbsolutePath is "/api/docs" or "/api/docs/")
            {
                var response = await route.FetchAsync();
                var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = StrictPolicy };
                await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
                return;
            }
            await route.ContinueAsync();
        });
        page.RequestFailed += (_, r) => { if (new Uri(r.Url).Authority == host) failed.Add($"{r.Url}: {r.Failure}"); };
        page.Response += (_, r) => { if (r.Status >= 400) failed.Add($"{r.Url}: {r.Status}"); };
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(m.Text); };

        await page.GotoAsync("/api/docs");
        foreach (var summary in Operations)
            await Assertions.Expect(page.GetByText(summary, new() { Exact = true }).First).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByText("Create a person", new() { Exact = true }).First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "api-docs.png") });
        await page.GetByRole(AriaRole.Link, new() { Name = "Create a person" }).First.ClickAsync();
        await Assertions.Expect(page.GetByText("409", new() { Exact = true }).First).ToBeVisibleAsync();
        // Code samples name this server (the document itself names none).
        await Assertions.Expect(page.GetByText($"curl {app.BaseUrl}/api/v1/workspaces/ws_abc123/people").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "api-docs-operation.png") });

        var text = await page.Locator("body").InnerTextAsync();
        foreach (var promotion in Promotions) Assert.DoesNotContain(promotion, text);
        Assert.True(outside.Count == 0, "requests to other hosts: " + string.Join(", ", outside.Distinct()));
        Assert.True(failed.Count == 0, "failed requests: " + string.Join(", ", failed));
        Assert.True(violations.Count == 0, "policy violations: " + string.Join(" | ", violations));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Try_it_out_sends_the_key_to_this_host_and_shows_the_answer()
    {
        // The document's example workspace, so the request the page prepares works as it stands.
        await app.Services.GetRequiredService<WorkspaceService>().EnsureAsync("ws_abc123");
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, "ws_abc123", "docs", [ApiKeyScopes.Read]);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/api/docs#tag/people/GET/api/v1/workspaces/{workspace_id}/people/stats");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Request (get /api/v1/workspaces/{workspace_id}/people/stats)" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Bearer Token" }).Last.FillAsync(key.Secret);

        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/v1/workspaces/ws_abc123/people/stats"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).First.ClickAsync(); // the request bar's Send
        var response = await answer;
        Assert.Equal(200, response.Status);
        Assert.Equal("Bearer " + key.Secret, await response.Request.HeaderValueAsync("authorization"));
        await Assertions.Expect(page.GetByText("\"unsubscribed\"").Last).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "api-docs-try-it.png") });
        await page.Context.CloseAsync();
    }
}
