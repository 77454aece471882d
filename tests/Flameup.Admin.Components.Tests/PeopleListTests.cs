using Bunit;
using Flameup.Admin.Components.People;
using Flameup.Admin.Components.Tests.Infrastructure;
using Flameup.Admin.Core.People;
using MudBlazor;
using MudBlazor.Extensions;

namespace Flameup.Admin.Components.Tests;

public sealed class PeopleListTests : ComponentTest
{
    IRenderedComponent<PeopleList> RenderList(string query = "")
    {
        Nav.NavigateTo("/w/ws_demo/people" + query);
        return Render<PeopleList>(p => p.Add(x => x.WorkspaceId, Ws));
    }

    static List<string> UserIds(IRenderedComponent<PeopleList> cut) =>
        cut.FindAll("tbody .person-link").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Shows_the_newest_page_with_the_total_and_pages_through_the_url()
    {
        await CreateManyAsync(60);
        var cut = RenderList();

        cut.WaitForAssertion(() => Assert.Equal(50, UserIds(cut).Count));
        Assert.Equal("user_059", UserIds(cut)[0]); // newest first by default
        Assert.Contains("60 people in ws_demo", cut.Markup);
        Assert.Equal("1–50 of 60", cut.Find("[data-testid=page-range]").TextContent);

        cut.Find("[data-testid=page-next] button, button[data-testid=page-next]").Click();
        Assert.EndsWith("/w/ws_demo/people?page=2", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(10, UserIds(cut).Count));
        Assert.Equal("user_009", UserIds(cut)[0]);
        Assert.Equal("51–60 of 60", cut.Find("[data-testid=page-range]").TextContent);
    }

    [Fact]
    public async Task Page_size_comes_from_the_url_and_changing_it_goes_back_to_page_one()
    {
        await CreateManyAsync(30);
        var cut = RenderList("?size=25&page=2");
        cut.WaitForAssertion(() => Assert.Equal(5, UserIds(cut).Count));

        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<int>>().Single().Instance.ValueChanged.InvokeAsync(100));
        Assert.EndsWith("/w/ws_demo/people?size=100", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(30, UserIds(cut).Count));
    }

    [Fact]
    public async Task Sorting_by_a_column_toggles_its_direction_and_is_kept_in_the_url()
    {
        await CreateAsync("b", "bravo@example.com");
        await CreateAsync("a", "alpha@example.com");
        await CreateAsync("c", "charlie@example.com");
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Equal(["c", "a", "b"], UserIds(cut)));

        cut.Find("[data-testid=sort-email]").Click();
        Assert.EndsWith("?sort=email", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["a", "b", "c"], UserIds(cut)));
        Assert.Equal("ascending", cut.Find("[data-testid=sort-email]").ParentElement!.ParentElement!.GetAttribute("aria-sort")
            ?? cut.Find("th[aria-sort=ascending]").GetAttribute("aria-sort"));

        cut.Find("[data-testid=sort-email]").Click();
        Assert.EndsWith("?sort=-email", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["c", "b", "a"], UserIds(cut)));

        cut.Find("[data-testid=sort-created]").Click();
        Assert.EndsWith("/w/ws_demo/people", Nav.Uri); // newest first is the default: not in the URL
        cut.WaitForAssertion(() => Assert.Equal(["c", "a", "b"], UserIds(cut)));
        cut.Find("[data-testid=sort-created]").Click();
        Assert.EndsWith("?sort=created_at", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["b", "a", "c"], UserIds(cut)));
        cut.Find("[data-testid=sort-updated]").Click();
        Assert.EndsWith("?sort=-updated_at", Nav.Uri);
    }

    [Fact]
    public async Task Search_is_debounced_uses_the_domain_search_and_resets_to_page_one()
    {
        await CreateManyAsync(5);
        await CreateAsync("jane_1", "jane@example.com", "Jane Doe");
        var cut = RenderList("?page=3");

        cut.Find("[data-testid=people-search] input, input[data-testid=people-search]").Input("Jane");
        Assert.DoesNotContain("search=", Nav.Uri); // not before the debounce interval
        Clock.Advance(TimeSpan.FromMilliseconds(400)); // MudBlazor's debounce runs on the TimeProvider
        cut.WaitForAssertion(() => Assert.EndsWith("?search=Jane", Nav.Uri), TimeSpan.FromSeconds(3));
        cut.WaitForAssertion(() => Assert.Equal(["jane_1"], UserIds(cut)));
        Assert.Contains("1 match in ws_demo", cut.Markup);
    }

    [Fact]
    public async Task A_search_being_typed_survives_a_late_report_of_the_same_url()
    {
        await CreateAsync("jane_1", "jane@example.com", "Jane Doe");
        var cut = RenderList();
        const string box = "[data-testid=people-search] input, input[data-testid=people-search]";

        // Typed right after arriving, before the debounce: the router and LocationChanged may still report the arrival.
        cut.Find(box).Input("Jane");
        Nav.NavigateTo("/w/ws_demo/people");
        cut.WaitForAssertion(() => Assert.Equal("Jane", cut.Find(box).GetAttribute("value")));
        Clock.Advance(TimeSpan.FromMilliseconds(400));
        cut.WaitForAssertion(() => Assert.EndsWith("?search=Jane", Nav.Uri), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Status_and_date_filters_narrow_the_list_and_clear_filters_resets_them()
    {
        await CreateManyAsync(6, i => i % 3 == 0 ? PersonStatus.Bounced : PersonStatus.Active);
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Equal(6, UserIds(cut).Count));

        var status = cut.FindComponents<MudSelect<string>>().Single();
        await cut.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync(PersonStatus.Bounced));
        Assert.EndsWith("?status=bounced", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["user_003", "user_000"], UserIds(cut)));

        var created = cut.FindComponents<MudDatePicker>()[0];
        await cut.InvokeAsync(() => created.Instance.DateChanged.InvokeAsync(new DateTime(2030, 1, 1)));
        Assert.EndsWith("?status=bounced&created_since=2030-01-01", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Contains("No people match", cut.Markup));

        cut.Find("[data-testid=clear-filters]").Click();
        Assert.EndsWith("/w/ws_demo/people", Nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(6, UserIds(cut).Count));
    }

    [Fact]
    public async Task A_bookmarked_url_restores_the_view_and_going_back_restores_the_previous_one()
    {
        await CreateManyAsync(4, i => i % 2 == 0 ? PersonStatus.Unsubscribed : PersonStatus.Active);
        await CreateAsync("zed", "zed@example.com", "Zed Person", PersonStatus.Unsubscribed);
        var cut = RenderList("?search=person&status=unsubscribed&sort=email&size=25&updated_since=2026-01-01");

        cut.WaitForAssertion(() => Assert.Equal(["user_000", "user_002", "zed"], UserIds(cut)));
        Assert.Equal("person", cut.Find("input[data-testid=people-search], [data-testid=people-search] input").GetAttribute("value"));
        Assert.Equal(PersonStatus.Unsubscribed, cut.FindComponents<MudSelect<string>>().Single().Instance.GetState(x => x.Value));
        Assert.Equal(25, cut.FindComponents<MudSelect<int>>().Single().Instance.GetState(x => x.Value));
        Assert.Equal(new DateTime(2026, 1, 1), cut.FindComponents<MudDatePicker>()[1].Instance.Date);

        // What the back button does: the URL changes, the view follows.
        Nav.NavigateTo("/w/ws_demo/people?status=active");
        cut.WaitForAssertion(() => Assert.Equal(["user_003", "user_001"], UserIds(cut)));
        Assert.Null(cut.Find("input[data-testid=people-search], [data-testid=people-search] input").GetAttribute("value") is { Length: > 0 } v ? v : null);
    }

    [Fact]
    public async Task An_empty_workspace_says_so_and_offers_to_create_or_import()
    {
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Contains("No people in this workspace yet", cut.Markup));
        Assert.Contains("Import", cut.Markup);
        Assert.Contains("0 people in ws_demo", cut.Markup);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_row_opens_the_person()
    {
        var p = await CreateAsync("row_1", "row@example.com");
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Single(UserIds(cut)));
        cut.Find("tbody tr td:nth-child(3)").Click();
        Assert.EndsWith($"/w/ws_demo/people/{p.Id}", Nav.Uri);
        // The userId is a real link too (keyboard, middle click).
        Assert.Equal($"/w/ws_demo/people/{p.Id}", cut.Find(".person-link").GetAttribute("href"));
    }

    [Fact]
    public async Task Bulk_delete_asks_with_the_count_and_deletes_only_after_confirming()
    {
        var people = await CreateManyAsync(4);
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Equal(4, UserIds(cut).Count));

        var boxes = cut.FindAll("tbody input[type=checkbox]");
        boxes[0].Change(true);
        cut.FindAll("tbody input[type=checkbox]")[1].Change(true);
        cut.WaitForAssertion(() => Assert.Contains("2 people", cut.Find("[data-testid=bulk-bar]").TextContent));

        cut.Find("[data-testid=bulk-delete]").Click();
        Providers.WaitForAssertion(() => Assert.Contains("Delete 2 people?", Providers.Markup));
        Providers.Find("[data-testid=confirm-cancel]").Click();
        Assert.Equal(4, (await People.ListAsync(Ws, new PeopleQuery())).Total);

        cut.Find("[data-testid=bulk-delete]").Click();
        Providers.WaitForAssertion(() => Assert.Contains("Delete 2 people?", Providers.Markup));
        Providers.Find("[data-testid=confirm-ok]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, UserIds(cut).Count));
        Assert.Equal(["user_001", "user_000"], UserIds(cut));
        Assert.Equal(2, (await People.ListAsync(Ws, new PeopleQuery())).Total);
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Deleted 2 people.")));
        Assert.Null(await People.GetAsync(Ws, people[3].Id));
    }

    [Fact]
    public async Task Columns_can_be_hidden_and_shown_again_from_the_column_chooser()
    {
        await CreateManyAsync(1);
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Single(UserIds(cut)));
        string Headers() => string.Join("|", cut.FindAll("thead th").Select(h => h.TextContent.Trim()));
        Assert.Contains("Email", Headers());

        cut.Find("[data-testid=column-chooser] button").Click();
        Providers.WaitForElement("[data-testid=column-email]").Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain("Email", Headers()));
        Assert.Empty(cut.FindAll("td.people-email"));
        Assert.Contains("Created", Headers());

        Providers.Find("[data-testid=column-email]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Email", Headers()));
    }

    [Fact]
    public async Task A_viewer_can_look_but_not_create_change_or_delete()
    {
        await CreateManyAsync(2);
        await SignInAsync("viewer@example.com", Flameup.Admin.Core.Storage.AdminRoles.Viewer);
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Equal(2, UserIds(cut).Count));

        Assert.Empty(cut.FindAll("[data-testid=create-person]"));
        Assert.Empty(cut.FindAll("tbody input[type=checkbox]")); // nothing to select: no bulk action to start
        Assert.Empty(cut.FindAll("[data-testid=bulk-delete]"));
        Assert.Equal(2, (await People.ListAsync(Ws, new PeopleQuery())).Total);
    }

    [Fact]
    public async Task Bulk_status_change_applies_to_the_selection()
    {
        await CreateManyAsync(3);
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Equal(3, UserIds(cut).Count));
        cut.FindAll("tbody input[type=checkbox]")[0].Change(true);
        cut.FindAll("tbody input[type=checkbox]")[2].Change(true);

        cut.Find("[data-testid=bulk-status]").Click();
        Providers.WaitForAssertion(() => Providers.Find("[data-testid=bulk-status-bounced]"));
        Providers.Find("[data-testid=bulk-status-bounced]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-status=bounced]").Count));
        var bounced = await People.ListAsync(Ws, new PeopleQuery { Status = PersonStatus.Bounced });
        Assert.Equal(["user_000", "user_002"], bounced.People.Select(p => p.UserId).Order().ToList());
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Set 2 people to bounced")));
    }
}

/// <summary>Signed in as a Viewer (read-only role).</summary>
public sealed class PeopleListViewerTests : ComponentTest
{
    public PeopleListViewerTests()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer@example.com");
        auth.SetRoles("Viewer");
    }

    static List<string> UserIds(IRenderedComponent<PeopleList> cut) =>
        cut.FindAll("tbody .person-link").Select(a => a.TextContent.Trim()).ToList();

    IRenderedComponent<PeopleList> RenderList()
    {
        Nav.NavigateTo("/w/ws_demo/people");
        return Render<PeopleList>(p => p.Add(x => x.WorkspaceId, Ws));
    }

    [Fact]
    public async Task A_viewer_sees_no_edit_actions()
    {
        await CreateManyAsync(2);
        var cut = RenderList();
        cut.WaitForAssertion(() => Assert.Equal(2, UserIds(cut).Count));
        Assert.Empty(cut.FindAll("[data-testid=create-person]"));
        Assert.Empty(cut.FindAll("tbody input[type=checkbox]"));
    }
}
