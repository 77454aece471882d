using Flameup.Admin.Core.Common;
using System.Text.Json.Nodes;
using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flameup.Admin.Browser.Tests;

/// <summary>
/// Every page at 1280×800 in light and dark: renders without browser errors, nothing wider than the window, and a
/// screenshot for review in <c>bin/.../screenshots/</c>.
/// </summary>
[Collection("browser")]
public sealed class PageScreenshotTests(AppFixture app)
{
    static readonly string[] FirstNames = ["Jane", "Omar", "Li", "Sofia", "Kwame", "Priya", "Mateo", "Yuki", "Nina", "Leo"];
    static readonly string[] LastNames = ["Doe", "Haddad", "Wei", "Garcia", "Mensah", "Patel", "Rossi", "Tanaka", "Novak", "Dubois"];

    async Task<Person> SeedAsync()
    {
        var existing = await app.People.SearchAsync(AppFixture.Workspace, new PeopleSearch { UserId = "shot_000" });
        if (existing.Count > 0) return existing[0];
        var batch = Enumerable.Range(0, 40).Select(i =>
        {
            var traits = new JsonObject
            {
                ["first_name"] = FirstNames[i % 10], ["last_name"] = LastNames[i * 7 % 10],
                ["plan"] = (i % 4) switch { 0 => "free", 1 => "starter", 2 => "pro", _ => "enterprise" },
                ["seats"] = i % 17 + 1, ["beta"] = i % 3 == 0,
            };
            if (i == 0) { traits["tags"] = new JsonArray("vip", "newsletter"); traits["address"] = new JsonObject { ["city"] = "Lisbon", ["country"] = "PT" }; }
            return PersonInput.For($"shot_{i:D3}", $"{FirstNames[i % 10].ToLowerInvariant()}.{LastNames[i * 7 % 10].ToLowerInvariant()}{i}@example.com", traits,
                i % 9 == 4 ? PersonStatus.Unsubscribed : i % 11 == 5 ? PersonStatus.Bounced : PersonStatus.Active);
        }).ToList();
        await app.People.UpsertManyAsync(Actor.System, AppFixture.Workspace, batch, i => $"people[{i}].");
        var person = (await app.People.SearchAsync(AppFixture.Workspace, new PeopleSearch { UserId = "shot_000" }))[0];
        await app.People.UpdateAsync(Actor.System, AppFixture.Workspace, person.Id, new PersonInput { Traits = new JsonObject { ["plan"] = "pro", ["seats"] = 12 } });
        var events = app.Services.GetRequiredService<EventsService>();
        await events.RecordForPersonAsync(Actor.System, AppFixture.Workspace, person.Id, new EventInput { Name = "order.completed", Properties = new JsonObject { ["order_id"] = "A-1042", ["total"] = 89.5, ["currency"] = "EUR" } });
        await events.RecordForPersonAsync(Actor.System, AppFixture.Workspace, person.Id, new EventInput { Name = "email.opened", Properties = new JsonObject { ["campaign"] = "spring-launch" } });
        return person;
    }

    [ChromiumFact]
    public async Task Every_page_renders_cleanly_in_light_and_dark()
    {
        var person = await SeedAsync();
        Directory.CreateDirectory(AppFixture.ArtifactsDir);
        foreach (var dark in new[] { false, true })
        {
            var mode = dark ? "dark" : "light";
            var page = await app.NewPageAsync(dark);
            app.ConsoleErrors.Clear();

            await page.GotoAsync("/account/login");
            await ShotAsync(page, $"01-sign-in-{mode}");

            await app.SignInAsync(page, "/w/ws_demo/people");
            await page.WaitForSelectorAsync("[data-testid=page-range]");
            await ShotAsync(page, $"02-people-{mode}");

            await page.Locator("[data-testid=people-table] tbody input[type=checkbox]").Nth(0).CheckAsync();
            await page.Locator("[data-testid=people-table] tbody input[type=checkbox]").Nth(2).CheckAsync();
            await page.ClickAsync("[data-testid=bulk-delete]");
            await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            await ShotAsync(page, $"03-people-bulk-delete-{mode}");
            await page.ClickAsync("[data-testid=confirm-cancel]");

            await page.ClickAsync("[data-testid=create-person]");
            await page.ClickAsync("[data-testid=create-save]");
            await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Must not be empty");
            await ShotAsync(page, $"04-create-person-{mode}");
            await page.Keyboard.PressAsync("Escape");

            await page.GotoAsync("/w/ws_demo/people?search=zzzz-nobody");
            await App(page);
            await Expect(page.Locator("[data-testid=people-table]")).ToContainTextAsync("No people match");
            await ShotAsync(page, $"05-people-no-match-{mode}");

            await page.GotoAsync($"/w/ws_demo/people/{person.Id}");
            await App(page);
            await page.WaitForSelectorAsync("[data-testid=timeline-event]");
            await page.Locator("[data-testid=timeline-toggle]").Nth(1).ClickAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await ShotAsync(page, $"06-person-{mode}");

            await page.Locator("[data-testid=trait-row]").Nth(2).Locator("[data-testid=trait-value]").FillAsync("pro plus");
            var traitRows = await page.Locator("[data-testid=trait-row]").CountAsync();
            await page.ClickAsync("[data-testid=trait-add]");
            await Expect(page.Locator("[data-testid=trait-row]")).ToHaveCountAsync(traitRows + 1);
            await page.Locator("[data-testid=trait-row]").Last.Locator("[data-testid=trait-key]").FillAsync("$reserved");
            await page.Locator("[data-testid=trait-row]").Last.Locator("[data-testid=trait-value]").FillAsync("x");
            await page.FillAsync("[data-testid=edit-email]", "not-an-email");
            await page.ClickAsync("[data-testid=save-person]");
            await Expect(page.Locator("[data-testid=trait-error]")).ToBeVisibleAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await ShotAsync(page, $"07-person-errors-{mode}");
            await page.ClickAsync("[data-testid=discard]");

            await page.ClickAsync("[data-testid=traits-raw-toggle]");
            await ShotAsync(page, $"08-person-raw-json-{mode}");

            foreach (var (path, name) in new[] { ("/w/ws_demo/dashboard", "09-dashboard"), ("/w/ws_demo/import", "10-import"), ("/w/ws_demo/settings", "11-settings"), ("/w/ws_nope/people", "12-unknown-workspace"), ($"/w/ws_demo/people/{Guid.CreateVersion7()}", "13-unknown-person") })
            {
                await page.GotoAsync(path);
                await App(page);
                await ShotAsync(page, $"{name}-{mode}");
            }

            await page.ClickAsync("[data-testid=user-menu]");
            await ShotAsync(page, $"14-user-menu-{mode}");
            await page.Keyboard.PressAsync("Escape");
            await page.ClickAsync("[data-testid=workspace-switcher]");
            await ShotAsync(page, $"15-workspace-switcher-{mode}");

            await page.GotoAsync("/account/password");
            await ShotAsync(page, $"16-change-password-{mode}");


            Assert.Empty(app.ConsoleErrors);
            // Last: the browser logs the 404 document itself as a console error.
            var missing = await page.GotoAsync("/w/ws_demo/no-such-page");
            Assert.Equal(404, missing!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "There is nothing here" })).ToBeVisibleAsync();
            await ShotAsync(page, $"17-not-found-{mode}");
            await page.Context.CloseAsync();
        }
    }

    static async Task App(IPage page)
    {
        await AppFixture.WaitForAppAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
    }

    static async Task ShotAsync(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(350); // transitions (menus, dialogs) settle
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow}px wider than the window");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, name + ".png") });
    }
}
