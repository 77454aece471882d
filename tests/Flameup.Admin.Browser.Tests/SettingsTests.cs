using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using System.Net;
using System.Net.Http.Headers;
using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Flameup.Admin.Browser.Tests;

[Collection("browser")]
public sealed class SettingsTests(AppFixture app)
{
    [ChromiumFact]
    public async Task A_key_created_in_the_UI_works_and_once_revoked_gets_401()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/{AppFixture.Workspace}/settings?tab=keys");

        var name = "browser key " + Guid.NewGuid().ToString("N")[..6];
        await page.ClickAsync("[data-testid=new-key]");
        await page.FillAsync("input[data-testid=key-name]", name);
        await page.ClickAsync("[data-testid=create-key-submit]");
        var secretInput = page.Locator("input[data-testid=new-key-secret]");
        await Assertions.Expect(secretInput).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^flk_"));
        var secret = await secretInput.InputValueAsync();
        await Assertions.Expect(page.Locator("[data-testid=new-key-curl]")).ToContainTextAsync($"Bearer {secret}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "settings-key-created.png") });

        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var url = $"/api/v1/workspaces/{AppFixture.Workspace}/people?limit=1";
        async Task<HttpStatusCode> CallAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await CallAsync());

        await page.ClickAsync("[data-testid=create-key-done]");
        var row = page.Locator("[data-testid=keys-table] tr", new() { HasText = name });
        await Assertions.Expect(row).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync()); // never shown again

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Requests with this key will get 401")).ToBeVisibleAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked");

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync());
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_bad_workspace_id_is_named_inline()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/{AppFixture.Workspace}/settings");
        await page.FillAsync("input[data-testid=new-workspace-id]", "Acme Corp");
        await page.ClickAsync("[data-testid=create-workspace]");
        await Assertions.Expect(page.GetByText("Id must be 'ws_' followed by")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_viewer_sees_the_keys_but_every_change_is_disabled()
    {
        var email = $"viewer-{Guid.NewGuid().ToString("N")[..8]}@flameup.test";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminUserService>().AddAsync(Actor.System, email, AdminRoles.Viewer, AppFixture.AdminPassword);
        }
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/{AppFixture.Workspace}/settings?tab=keys", email, AppFixture.AdminPassword);

        await Assertions.Expect(page.Locator("[data-testid=viewer-notice]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=keys-table]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=new-key]")).ToBeDisabledAsync();
        foreach (var revoke in await page.Locator("[data-testid^=revoke-]").AllAsync())
            await Assertions.Expect(revoke).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }
}
