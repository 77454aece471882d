using Flameup.Admin.Core.Common;
using System.Net;
using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Flameup.Admin.Browser.Tests;

[Collection("browser")]
public sealed class SignInTests(AppFixture app)
{
    [ChromiumFact]
    public async Task An_unauthenticated_page_request_redirects_to_sign_in()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/w/ws_demo/people?search=jane");
        Assert.Contains("/account/login", page.Url);
        Assert.Contains("ReturnUrl=%2Fw%2Fws_demo%2Fpeople%3Fsearch%3Djane", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_wrong_password_is_refused()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", AppFixture.AdminEmail);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync(AdminSignInManager.FailedMessage);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ArtifactsDir, "sign-in-refused.png") });
        Assert.Contains("/account/login", page.Url);
        // Still signed out: a page sends us back to sign-in.
        await page.GotoAsync("/w/ws_demo/dashboard");
        Assert.Contains("/account/login", page.Url);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminUserService>().AddAsync(Actor.System, "lockme@flameup.test", AdminRoles.Viewer, "Lock-Me-Passw0rd");
        }
        var page = await app.NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", "lockme@flameup.test");
            await page.FillAsync("#password", "wrong-" + i);
            await page.ClickAsync("[data-testid=sign-in]");
            await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
        }
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", "lockme@flameup.test");
        await page.FillAsync("#password", "Lock-Me-Passw0rd");
        await page.ClickAsync("[data-testid=sign-in]");
        // Even the right password is refused now, with the same words as a wrong one (they do not tell that the account exists).
        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync(AdminSignInManager.FailedMessage);
        await page.GotoAsync("/w/ws_demo/dashboard");
        Assert.Contains("/account/login", page.Url);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync("lockme@flameup.test"))!));
        }
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_viewer_sees_the_workspaces_without_a_form_to_create_one()
    {
        await app.Services.GetRequiredService<Core.Workspaces.WorkspaceService>().EnsureAsync("ws_viewer_home", "Viewer home");
        var email = $"home-viewer-{Guid.NewGuid().ToString("N")[..8]}@flameup.test";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminUserService>().AddAsync(Actor.System, email, AdminRoles.Viewer, AppFixture.AdminPassword);
        }
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "/", email);
        await Assertions.Expect(page.GetByText("Viewer home")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=create-workspace]").CountAsync());
        Assert.Equal(0, await page.GetByText("New workspace").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ArtifactsDir, "home-viewer.png") });
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Signing_in_returns_to_the_page_asked_for_and_signing_out_ends_the_session()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "/w/ws_demo/settings");
        Assert.EndsWith("/w/ws_demo/settings", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=user-menu]");
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync("**/account/login**", new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync("/w/ws_demo/people");
        Assert.Contains("/account/login", page.Url);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Api_docs_health_and_hub_never_redirect_to_the_sign_in_page()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/workspaces/ws_demo/people")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/docs/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/w/ws_demo/people")).StatusCode);
    }

    [ChromiumFact]
    public async Task A_one_time_password_leads_only_to_choosing_a_new_one()
    {
        var admin = new AdminActor("browser-test", AppFixture.AdminEmail, AdminRoles.Admin);
        var email = $"otp-{Guid.NewGuid().ToString("N")[..8]}@flameup.test";
        var added = await app.Services.GetRequiredService<AdminUserService>().AddAsync(admin, email, AdminRoles.Admin);

        var page = await app.NewPageAsync(dark: true);
        await page.GotoAsync("/account/login?ReturnUrl=%2Fw%2Fws_demo%2Fpeople");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", added.OneTimePassword);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync("**/account/password", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("[data-testid=password-change-required]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ArtifactsDir, "password-change-required-dark.png") });

        // No way around it: pages come back here, the hub and downloads are refused.
        await page.GotoAsync("/w/ws_demo/people");
        Assert.EndsWith("/account/password", page.Url);
        Assert.Equal(403, (await page.APIRequest.PostAsync("/_blazor/negotiate?negotiateVersion=1")).Status);
        Assert.Equal(403, (await page.APIRequest.GetAsync("/admin/workspaces/ws_demo/people/export.csv",
            new() { Headers = new Dictionary<string, string> { ["Accept"] = "text/csv" } })).Status);

        await page.FillAsync("#current-password", added.OneTimePassword);
        await page.FillAsync("#new-password", "My-Own-Passw0rd");
        await page.FillAsync("#confirm-password", "My-Own-Passw0rd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed.");

        await page.GotoAsync("/w/ws_demo/people");
        await AppFixture.WaitForAppAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=people-table]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task The_sign_in_page_follows_the_theme_chosen_in_the_app_else_the_system()
    {
        var darkSystem = await app.NewPageAsync(dark: true);
        await darkSystem.GotoAsync("/account/login");
        Assert.True(await CardIsDarkAsync(darkSystem));
        await darkSystem.EvaluateAsync("localStorage.setItem('flameup.theme', 'light')"); // as the app's theme switch stores it
        await darkSystem.ReloadAsync();
        Assert.False(await CardIsDarkAsync(darkSystem));
        await darkSystem.Context.CloseAsync();

        var lightSystem = await app.NewPageAsync(dark: false);
        await lightSystem.GotoAsync("/account/login");
        Assert.False(await CardIsDarkAsync(lightSystem));
        await lightSystem.EvaluateAsync("localStorage.setItem('flameup.theme', 'dark')");
        await lightSystem.ReloadAsync();
        Assert.True(await CardIsDarkAsync(lightSystem));
        await lightSystem.Context.CloseAsync();
    }

    static async Task<bool> CardIsDarkAsync(IPage page)
    {
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.account-card')).backgroundColor");
        return background.Replace("rgba(", "").Replace("rgb(", "").Replace(")", "").Split(',').Take(3).Average(v => int.Parse(v.Trim())) < 80;
    }
}
