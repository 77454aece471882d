using Flameup.Admin.Core.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Flameup.Admin.Browser.Tests;

[Collection("browser")]
public sealed class DashboardTests(AppFixture app)
{
    static readonly string DashboardUrl = $"/w/{AppFixture.Workspace}/dashboard";

    [ChromiumFact]
    public async Task The_open_dashboard_counts_a_person_created_through_the_API_without_a_reload()
    {
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, AppFixture.Workspace, "dashboard test", [ApiKeyScopes.Write]);
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, DashboardUrl);
        var total = page.Locator("[data-testid=stat-total] .stat-value");
        await Assertions.Expect(total).ToBeVisibleAsync();
        var before = long.Parse((await total.TextContentAsync())!.Replace(",", ""));
        var reloads = 0;
        page.Load += (_, _) => reloads++;

        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        var response = await http.PostAsJsonAsync($"/api/v1/workspaces/{AppFixture.Workspace}/people", new { userId = "dash-live-" + Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // Within two seconds, in the same page (no navigation, no reload).
        await Assertions.Expect(total).ToHaveTextAsync((before + 1).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")),
            new LocatorAssertionsToHaveTextOptions { Timeout = 2_000 });
        Assert.Equal(0, reloads);
        Assert.EndsWith(DashboardUrl, page.Url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "dashboard-light.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_dashboard_shows_cards_and_charts_with_titles()
    {
        await app.CreatePersonAsync("dash-chart-" + Guid.NewGuid(), name: "Chart Person");
        app.Services.GetRequiredService<TraitKeyStatsService>().Forget(AppFixture.Workspace); // the ranking is kept 30 s; start fresh
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, DashboardUrl);

        foreach (var card in new[] { "total", "active", "unsubscribed", "bounced", "recent" })
            await Assertions.Expect(page.Locator($"[data-testid=stat-{card}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=chart-status]")).ToContainTextAsync("People by status");
        await Assertions.Expect(page.Locator("[data-testid=chart-status] .mud-chart-legend")).ToContainTextAsync("Active");
        await Assertions.Expect(page.Locator("[data-testid=chart-activity]")).ToContainTextAsync("last 30 days");
        await Assertions.Expect(page.Locator("[data-testid=chart-traits]")).ToContainTextAsync("name");

        await page.Locator("[data-testid=range-switch]").GetByText("90 days").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chart-activity]")).ToContainTextAsync("last 90 days");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Dark_mode_survives_a_reload_and_paints_dark_before_the_app_starts()
    {
        var page = await app.NewPageAsync(dark: false); // the system says light: only the choice can make it dark
        await app.SignInAsync(page, DashboardUrl);
        Assert.False(await IsDarkAsync(page));

        await page.ClickAsync("[data-testid=dark-mode-toggle]");
        await Assertions.Expect(page.Locator("[data-testid=dark-mode-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to light mode");
        await WaitUntilDarkAsync(page);

        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        // Before the circuit connects, the inline script already marked the page dark (no light flash).
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.classList.contains('theme-dark')"));
        await AppFixture.WaitForAppAsync(page);
        await WaitUntilDarkAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=stat-total]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "dashboard-dark.png"), FullPage = true });

        await page.ClickAsync("[data-testid=dark-mode-toggle]"); // back to light for the other tests of this browser context
        await Assertions.Expect(page.Locator("[data-testid=dark-mode-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to dark mode");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Whether MudBlazor's dark palette is applied: the page background, which comes from the theme provider's palette,
    /// is dark (its red, green and blue average under 80).
    /// </summary>
    const string DarkBackground = "() => { const rgb = getComputedStyle(document.body).backgroundColor.match(/\\d+/g); " +
        "return rgb !== null && (Number(rgb[0]) + Number(rgb[1]) + Number(rgb[2])) / 3 < 80; }";

    static Task<bool> IsDarkAsync(IPage page) => page.EvaluateAsync<bool>(DarkBackground);

    /// <summary>
    /// Waits for the dark palette: the theme provider paints it once it has rendered, a moment after the toggle or the
    /// app's start, so a single sample can still read the light background (it did once, in a loaded CI run).
    /// </summary>
    static Task WaitUntilDarkAsync(IPage page) => page.WaitForFunctionAsync(DarkBackground);
}
