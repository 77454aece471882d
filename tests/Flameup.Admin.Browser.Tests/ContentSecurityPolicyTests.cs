using Flameup.Admin.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flameup.Admin.Browser.Tests;

/// <summary>The app and the API reference work under their Content-Security-Policy, and it stops injected scripts.</summary>
[Collection("browser")]
public sealed class ContentSecurityPolicyTests(AppFixture app)
{
    /// <summary>A page whose CSP violations (the browser's event and its "Refused to …" console lines) are collected.</summary>
    async Task<(IPage Page, List<string> Violations)> WatchedPageAsync(bool dark = false)
    {
        var page = await app.NewPageAsync(dark);
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Refused to", StringComparison.Ordinal) || m.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations) violations.Add($"console: {m.Text}");
            }
        };
        await page.ExposeFunctionAsync("__reportCspViolation", (string v) => { lock (violations) violations.Add($"event: {v}"); });
        await page.Context.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", e =>
              window.__reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        return (page, violations);
    }

    /// <summary>Drops the console errors a test caused on purpose (blocked scripts, the reference's blocked fonts), so
    /// tests that assert a clean console afterwards are not affected. Tests of the collection run one at a time.</summary>
    void ForgetConsoleErrorsSince(int count)
    {
        if (app.ConsoleErrors.Count > count) app.ConsoleErrors.RemoveRange(count, app.ConsoleErrors.Count - count);
    }

    static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ArtifactsDir, $"csp-{name}.png") });

    [ChromiumFact]
    public async Task Sign_in_the_live_app_navigation_and_dialogs_work_without_a_single_violation()
    {
        await app.CreatePersonAsync("csp_grace", "grace@example.com", "Grace Hopper");
        var (page, violations) = await WatchedPageAsync(dark: true);

        await page.GotoAsync("/account/login");
        await Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("theme-dark")); // the hashed inline script ran
        await ShotAsync(page, "sign-in");
        await app.SignInAsync(page, "/w/ws_demo/dashboard");
        await Expect(page.Locator("[data-testid=updated-at]")).ToBeVisibleAsync();
        await ShotAsync(page, "dashboard");

        // Navigate over the circuit (no page load) and open a dialog.
        await page.GetByRole(AriaRole.Link, new() { Name = "People" }).First.ClickAsync();
        await page.WaitForURLAsync("**/w/ws_demo/people");
        await Expect(page.Locator("[data-testid=people-table]")).ToContainTextAsync("Grace Hopper");
        await page.ClickAsync("[data-testid=create-person]");
        await page.ClickAsync("[data-testid=create-save]");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Must not be empty");
        await ShotAsync(page, "people-dialog");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();
        await ShotAsync(page, "settings");

        Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_script_injected_into_the_page_does_not_run()
    {
        var errorsBefore = app.ConsoleErrors.Count;
        var (page, violations) = await WatchedPageAsync();
        await app.SignInAsync(page, "/w/ws_demo/people");
        // What a markup injection would do: an inline script element and an inline event handler.
        await page.EvaluateAsync("""
            () => {
              const s = document.createElement("script");
              s.textContent = "window.__injected = 1";
              document.body.appendChild(s);
              const img = document.createElement("img");
              img.setAttribute("onerror", "window.__injected = 2");
              img.src = "data:,not-an-image";
              document.body.appendChild(img);
            }
            """);
        await page.WaitForTimeoutAsync(500);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__injected ?? null"));
        lock (violations) Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
        await page.Context.CloseAsync();
        ForgetConsoleErrorsSince(errorsBefore);
    }

    [ChromiumFact]
    public async Task The_API_reference_runs_its_own_scripts_under_its_policy()
    {
        var errorsBefore = app.ConsoleErrors.Count;
        var (page, violations) = await WatchedPageAsync();
        await page.GotoAsync("/api/docs/");
        // Scalar renders the document's operations once its bundled script ran and fetched /openapi/v1.json.
        await Expect(page.GetByText("/api/v1/workspaces/{workspace_id}/people/upsert").First).ToBeVisibleAsync();
        await ShotAsync(page, "api-docs");
        // Every script the page needs ran. Allowed to fail: the bundle's validation library probing whether it may
        // compile code (Function("")), which then works without; eval stays blocked on purpose.
        List<string> scriptViolations;
        lock (violations) scriptViolations = violations
            .Where(v => v.Contains("script", StringComparison.OrdinalIgnoreCase) && !v.Contains("script-src blocked eval", StringComparison.Ordinal)
                && !v.Contains("'unsafe-eval'", StringComparison.Ordinal))
            .ToList();
        Assert.True(scriptViolations.Count == 0, "script violations on /api/docs:\n" + string.Join("\n", scriptViolations));
        await page.Context.CloseAsync();
        ForgetConsoleErrorsSince(errorsBefore);
    }

    [ChromiumFact]
    public async Task Signing_out_needs_the_page_s_antiforgery_token()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "/w/ws_demo/people");

        // A forged POST (as a cross-site form would send it, with the cookies but without the token) signs no one out.
        var forged = await page.APIRequest.PostAsync("/account/logout", new() { Form = page.APIRequest.CreateFormData() });
        Assert.Equal(400, forged.Status);
        await page.GotoAsync("/w/ws_demo/people");
        await AppFixture.WaitForAppAsync(page);
        Assert.EndsWith("/w/ws_demo/people", page.Url);

        // The menu's Sign out posts the page's form with its token.
        await page.ClickAsync("[data-testid=user-menu]");
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/account/login?signedOut=1", new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync("/w/ws_demo/people");
        Assert.Contains("/account/login", page.Url);
        await page.Context.CloseAsync();
    }
}
