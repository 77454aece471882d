using Flameup.Admin.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flameup.Admin.Browser.Tests;

[Collection("browser")]
public sealed class PeopleFlowTests(AppFixture app)
{
    [ChromiumFact]
    public async Task Find_open_edit_traits_see_the_timeline_then_delete()
    {
        await app.CreatePersonAsync("flow_ada", "ada.lovelace@example.com", "Ada Lovelace");
        await app.CreatePersonAsync("flow_alan", "alan.turing@example.com", "Alan Turing");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "/w/ws_demo/people");

        // Search (debounced; the URL carries it).
        await page.FillAsync("[data-testid=people-search]", "lovelace");
        await page.WaitForURLAsync("**/w/ws_demo/people?search=lovelace");
        var rows = page.Locator("[data-testid=people-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("flow_ada");

        // Open the person.
        await rows.First.Locator("td").Nth(2).ClickAsync();
        await Expect(page.Locator("[data-testid=person-title]")).ToHaveTextAsync("Ada Lovelace");

        // Add a trait and save.
        var traitRows = await page.Locator("[data-testid=trait-row]").CountAsync();
        await page.ClickAsync("[data-testid=trait-add]");
        await Expect(page.Locator("[data-testid=trait-row]")).ToHaveCountAsync(traitRows + 1);
        var added = page.Locator("[data-testid=trait-row]").Last;
        await added.Locator("[data-testid=trait-key]").FillAsync("favorite_language");
        await added.Locator("[data-testid=trait-value]").FillAsync("Analytical Engine code");
        await Expect(page.Locator("[data-testid=save-bar]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=save-person]");
        await Expect(page.Locator("[data-testid=save-bar]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved Ada Lovelace.");

        // The change is in the timeline, newest first.
        var newest = page.Locator("[data-testid=timeline-event]").First;
        await Expect(newest).ToHaveAttributeAsync("data-name", "person.updated");
        await Expect(newest).ToContainTextAsync("traits.favorite_language");
        await newest.Locator("[data-testid=timeline-toggle]").ClickAsync();
        await Expect(newest.Locator("[data-testid=timeline-changes]")).ToContainTextAsync("\"Analytical Engine code\"");

        // Delete, confirm, back on the list with a snackbar; the person is gone.
        await page.ClickAsync("[data-testid=delete-person]");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Delete Ada Lovelace?");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await page.WaitForURLAsync("**/w/ws_demo/people");
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Deleted Ada Lovelace.");
        // Typed once the list has loaded, as a person would: typing while it was still arriving was lost once in CI
        // under load (no navigation within 40 s), a race not reproduced since.
        await Expect(page.Locator("[data-testid=people-table] tbody tr").First).ToBeVisibleAsync();
        await page.FillAsync("[data-testid=people-search]", "lovelace");
        await page.WaitForURLAsync("**/w/ws_demo/people?search=lovelace");
        await Expect(page.Locator("[data-testid=people-table]")).ToContainTextAsync("No people match");
        Assert.Null(await app.People.GetAsync(AppFixture.Workspace, (await app.People.SearchAsync(AppFixture.Workspace, new() { UserId = "flow_ada" })).FirstOrDefault()?.Id ?? Guid.Empty));

        // The back button walks back through the list's views.
        await page.GoBackAsync();
        await page.WaitForURLAsync("**/w/ws_demo/people");
        await Expect(page.Locator("[data-testid=people-table] tbody")).ToContainTextAsync("flow_alan");
        Assert.Empty(app.ConsoleErrors);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Leaving_a_person_with_unsaved_changes_asks_first()
    {
        var person = await app.CreatePersonAsync("flow_grace", "grace@example.com", "Grace Hopper");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/ws_demo/people/{person.Id}");
        await page.FillAsync("[data-testid=edit-email]", "grace.hopper@example.com");
        await Expect(page.Locator("[data-testid=save-bar]")).ToBeVisibleAsync(); // the server has the edit
        await page.ClickAsync("[data-testid=back-to-people]");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Leave without saving?");
        await page.ClickAsync("[data-testid=confirm-cancel]");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        Assert.EndsWith($"/people/{person.Id}", page.Url);
        await Expect(page.Locator("[data-testid=edit-email]")).ToHaveValueAsync("grace.hopper@example.com");

        await page.ClickAsync("[data-testid=back-to-people]");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await page.WaitForURLAsync("**/w/ws_demo/people");
        Assert.Equal("grace@example.com", (await app.People.GetAsync(AppFixture.Workspace, person.Id))!.Email);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Create_a_person_with_the_keyboard()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "/w/ws_demo/people");
        await page.ClickAsync("[data-testid=create-person]");
        // The dialog puts the caret in userId by itself, and keeps it there.
        var userId = page.Locator("[data-testid=create-userid]");
        await Expect(userId).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("flow_kbd");
        await Expect(userId).ToHaveValueAsync("flow_kbd");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("[data-testid=create-email]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("kbd@example.com");
        await Expect(page.Locator("[data-testid=create-email]")).ToHaveValueAsync("kbd@example.com");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/w/ws_demo/people/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-testid=person-title]")).ToHaveTextAsync("flow_kbd");
        await page.Context.CloseAsync();
    }
}
