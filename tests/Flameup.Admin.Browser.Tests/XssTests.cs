using Flameup.Admin.Core.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flameup.Admin.Browser.Tests;

/// <summary>
/// Stored XSS: markup in every field that people, events, imports and settings carry, sent in through the REST API
/// and a CSV import, then shown in Chromium. Each payload sets <c>window.__xss</c> to its own number when it runs,
/// so a failure names the field; each page must also show the payload as text (so the data did reach it).
/// </summary>
[Collection("browser")]
public sealed class XssTests(AppFixture app)
{
    /// <summary>Markup that runs a script when it is inserted as HTML (the image fails to load, onerror fires).</summary>
    static string Markup(int n) => $"<img src=x onerror=window.__xss={n}>";
    /// <summary>The same without spaces, so it passes as the local part of an email address.</summary>
    static string EmailMarkup(int n, string domain) => $"<img/src=x/onerror=window.__xss={n}>@{domain}";

    [ChromiumFact]
    public async Task Markup_from_the_API_and_a_CSV_import_is_shown_as_text_on_every_page()
    {
        const string ws = "ws_xss_people";
        await app.Services.GetRequiredService<WorkspaceService>().EnsureAsync(ws, "XSS test");
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, "xss test", ApiKeyScopes.All);
        using var http = new HttpClient { BaseAddress = new Uri($"{app.BaseUrl}/api/v1/workspaces/{ws}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);

        // Through the REST API: userId, email, a trait key, trait values (the name shows in the list and the title),
        // an event name, event property keys and values.
        var upsert = await http.PostAsync("people/upsert", Json(new JsonObject
        {
            ["userId"] = Markup(1),
            ["email"] = EmailMarkup(2, "api.test"),
            ["traits"] = new JsonObject { [Markup(3)] = "v", ["name"] = Markup(4), ["plan"] = Markup(5) },
        }));
        Assert.Equal(HttpStatusCode.Created, upsert.StatusCode);
        var personId = JsonNode.Parse(await upsert.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var recorded = await http.PostAsync($"people/{personId}/events", Json(new JsonObject
        {
            ["name"] = Markup(6),
            ["properties"] = new JsonObject { [Markup(7)] = Markup(8) },
        }));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/{ws}/import");

        // Through a CSV import on the import page: the file name, a header (a trait key) and every kind of cell.
        var csv = $"userId,email,{Markup(21)},name\n{Markup(22)},{EmailMarkup(23, "csv.test")},{Markup(24)},{Markup(25)}\n";
        await page.Locator("[data-testid=import-workflow] input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = Markup(20) + ".csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await Expect(page.Locator("[data-testid=import-file-name]")).ToHaveTextAsync(Markup(20) + ".csv");
        await Expect(page.Locator("[data-testid=import-preview]")).ToContainTextAsync(Markup(25));
        await AssertNothingRanAsync(page, "import mapping and preview");
        await page.ClickAsync("[data-testid=import-start]");
        await Expect(page.Locator("[data-testid=import-created]")).ToHaveTextAsync("1 created", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=import-history-row]").First).ToContainTextAsync(Markup(20));
        await AssertNothingRanAsync(page, "import result and history");

        // The dashboard: the most common trait keys are the chart's axis labels.
        app.Services.GetRequiredService<TraitKeyStatsService>().Forget(ws); // the ranking is kept 30 s; start fresh
        await page.GotoAsync($"/w/{ws}/dashboard");
        await AppFixture.WaitForAppAsync(page);
        var traitChart = page.Locator("[data-testid=chart-traits]");
        await Expect(traitChart.Locator("svg .mud-chart-bar").First).ToBeAttachedAsync();
        await AssertNothingRanAsync(page, "dashboard");
        await Expect(traitChart).ToContainTextAsync(Markup(3));
        await Expect(traitChart).ToContainTextAsync(Markup(21));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "xss-dashboard.png"), FullPage = true });

        // The people list, every column shown (all are by default): userId, email, name.
        await page.GotoAsync($"/w/{ws}/people");
        await AppFixture.WaitForAppAsync(page);
        var table = page.Locator("[data-testid=people-table]");
        foreach (var text in new[] { Markup(1), EmailMarkup(2, "api.test"), Markup(4), Markup(22), EmailMarkup(23, "csv.test"), Markup(25) })
            await Expect(table).ToContainTextAsync(text);
        await AssertNothingRanAsync(page, "people list");

        // The person: header, traits editor (keys and values are inputs), raw JSON, the timeline with every event opened.
        await page.GotoAsync($"/w/{ws}/people/{personId}");
        await AppFixture.WaitForAppAsync(page);
        await Expect(page.Locator("[data-testid=person-title]")).ToHaveTextAsync(Markup(4));
        await Expect(page.Locator($"[data-testid=trait-row][data-key='{Markup(3)}'] input[data-testid=trait-key]")).ToHaveValueAsync(Markup(3));
        await page.ClickAsync("[data-testid=traits-raw-toggle]");
        await Expect(page.Locator("[data-testid=traits-raw]")).ToContainTextAsync(Markup(3));
        await page.ClickAsync("[data-testid=traits-raw-toggle]");
        var timeline = page.Locator("[data-testid=event-timeline]");
        await Expect(timeline.Locator("[data-testid=timeline-event]")).ToHaveCountAsync(2);
        await Expect(timeline.Locator(".timeline-name").First).ToHaveTextAsync(Markup(6));
        foreach (var toggle in await timeline.Locator("[data-testid=timeline-toggle]").AllAsync()) await toggle.ClickAsync();
        await Expect(timeline.Locator("[data-testid=timeline-properties]")).ToContainTextAsync(Markup(7));
        await Expect(timeline.Locator("[data-testid=timeline-properties]")).ToContainTextAsync(Markup(8));
        await Expect(timeline.Locator("[data-testid=timeline-changes]")).ToContainTextAsync(Markup(3));
        await AssertNothingRanAsync(page, "person page");

        // Messages that quote the person: the snackbar after saving, the delete confirmation.
        await page.Locator($"[data-testid=trait-row][data-key=plan] input[data-testid=trait-value]").FillAsync(Markup(9));
        await page.ClickAsync("[data-testid=save-person]");
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync($"Saved {Markup(4)}.");
        await AssertNothingRanAsync(page, "snackbar after saving");
        await page.ClickAsync("[data-testid=delete-person]");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"Delete {Markup(4)}?");
        await AssertNothingRanAsync(page, "delete confirmation");
        await page.ClickAsync("[data-testid=confirm-cancel]");

        // The imported person's page.
        await page.GotoAsync($"/w/{ws}/people");
        await AppFixture.WaitForAppAsync(page);
        await page.Locator("[data-testid=people-table] a.person-link", new() { HasText = Markup(22) }).ClickAsync();
        await Expect(page.Locator("[data-testid=person-title]")).ToHaveTextAsync(Markup(25));
        await Expect(page.Locator($"[data-testid=trait-row][data-key='{Markup(21)}'] input[data-testid=trait-value]")).ToHaveValueAsync(Markup(24));
        await page.Locator("[data-testid=timeline-toggle]").First.ClickAsync();
        await Expect(page.Locator("[data-testid=timeline-changes]")).ToContainTextAsync(Markup(21));
        await AssertNothingRanAsync(page, "imported person's page");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "xss-person.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Markup_in_workspace_and_API_key_names_is_shown_as_text()
    {
        const string ws = "ws_xss_settings";
        await app.Services.GetRequiredService<WorkspaceService>().EnsureAsync(ws, Markup(30));
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, Markup(31), [ApiKeyScopes.Read]);
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "/");
        await Expect(page.Locator(".workspace-card", new() { HasText = ws })).ToContainTextAsync(Markup(30));
        await AssertNothingRanAsync(page, "workspaces page");

        await page.GotoAsync($"/w/{ws}/settings?tab=workspaces");
        await AppFixture.WaitForAppAsync(page);
        await Expect(page.Locator("[data-testid=workspaces-table]")).ToContainTextAsync(ws);
        await AssertNothingRanAsync(page, "settings: workspaces");

        await page.GotoAsync($"/w/{ws}/settings?tab=keys");
        await AppFixture.WaitForAppAsync(page);
        await Expect(page.Locator("[data-testid=keys-table]")).ToContainTextAsync(Markup(31));
        await page.ClickAsync($"[data-testid=revoke-{key.Key.Prefix}]");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync($"Revoke “{Markup(31)}”");
        await AssertNothingRanAsync(page, "settings: API keys and the revoke question");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.Context.CloseAsync();
    }

    static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>No payload ran: <c>window.__xss</c> is still undefined (after giving failed images time to fire onerror).</summary>
    static async Task AssertNothingRanAsync(IPage page, string where)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
        var ran = await page.EvaluateAsync<JsonElement>("() => window.__xss === undefined ? null : window.__xss");
        Assert.True(ran.ValueKind == JsonValueKind.Null, $"{where}: a payload ran as script (window.__xss = {ran})");
    }
}
