using Flameup.Admin.Core.Common;
using System.Net;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.Time.Testing;

namespace Flameup.Admin.Api.Tests;

public sealed class ListAndSearchTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    static string[] UserIds(System.Text.Json.Nodes.JsonNode body) =>
        body["people"]!.AsArray().Select(p => p!["userId"]!.GetValue<string>()).ToArray();

    async Task<WorkspaceClient> SeededAsync()
    {
        var c = await factory.NewClientAsync();
        await c.CreatePersonAsync("""{"userId":"jane","email":"jane@acme.com","traits":{"first_name":"Jane","last_name":"Doe"}}""");
        await Task.Delay(3);
        await c.CreatePersonAsync("""{"userId":"bob","email":"Bob@Example.org","traits":{"name":"Bob ACME Builder"},"status":"bounced"}""");
        await Task.Delay(3);
        await c.CreatePersonAsync("""{"userId":"acme-42","traits":{"company":"Nothing"}}""");
        await Task.Delay(3);
        await c.CreatePersonAsync("""{"userId":"zed","email":"zed@zz.io","traits":{"company":"Acme Corp"}}""");
        return c;
    }

    [Fact]
    public async Task Default_order_is_newest_first_and_sort_options_work()
    {
        var c = await SeededAsync();
        Assert.Equal(new[] { "zed", "acme-42", "bob", "jane" }, UserIds((await c.GetAsync("/people")).Body!));
        Assert.Equal(new[] { "jane", "bob", "acme-42", "zed" }, UserIds((await c.GetAsync("/people?sort=created_at")).Body!));
        // Email sorts case-insensitively, people without an email first.
        Assert.Equal(new[] { "acme-42", "bob", "jane", "zed" }, UserIds((await c.GetAsync("/people?sort=email")).Body!));
        Assert.Equal(new[] { "zed", "jane", "bob", "acme-42" }, UserIds((await c.GetAsync("/people?sort=-email")).Body!));

        var id = (await c.GetAsync("/people/search?userId=jane")).Body!["people"]![0]!["id"]!.GetValue<string>();
        await Task.Delay(3);
        await c.PutAsync($"/people/{id}", """{"traits":{"seen":true}}""");
        Assert.Equal("jane", UserIds((await c.GetAsync("/people?sort=-updated_at")).Body!)[0]);
        Assert.Equal("jane", UserIds((await c.GetAsync("/people?sort=updated_at")).Body!)[^1]);
    }

    [Fact]
    public async Task Search_is_a_case_insensitive_substring_of_email_userId_and_name_traits_only()
    {
        var c = await SeededAsync();
        var acme = (await c.GetAsync("/people?search=ACME")).Body!;
        Assert.Equal(new[] { "acme-42", "bob", "jane" }, UserIds(acme)); // not zed: company is not searched
        Assert.Equal(3, acme["total"]!.GetValue<long>());
        Assert.Equal(new[] { "jane" }, UserIds((await c.GetAsync("/people?search=jane%20doe")).Body!));
        Assert.Equal(new[] { "bob" }, UserIds((await c.GetAsync("/people?search=example.ORG")).Body!));
        // Shorter than three characters takes another path; same meaning.
        Assert.Equal(new[] { "zed" }, UserIds((await c.GetAsync("/people?search=zz")).Body!));
        Assert.Equal(new[] { "bob" }, UserIds((await c.GetAsync("/people?search=acme&status=bounced")).Body!));
        Assert.Empty(UserIds((await c.GetAsync("/people?search=%22%27%25_")).Body!));
    }

    [Fact]
    public async Task Paging_reports_the_total_and_pages_do_not_overlap()
    {
        var c = await factory.NewClientAsync();
        var items = string.Join(",", Enumerable.Range(0, 25).Select(i => $$"""{"userId":"p{{i:00}}","email":"p{{i}}@acme.io"}"""));
        await c.PostAsync("/people/batch", $$"""{"people":[{{items}}]}""");

        var seen = new List<string>();
        for (var offset = 0; offset < 25; offset += 10)
        {
            var page = (await c.GetAsync($"/people?limit=10&offset={offset}")).Body!;
            Assert.Equal(25, page["total"]!.GetValue<long>());
            Assert.Equal(offset, page["offset"]!.GetValue<int>());
            seen.AddRange(UserIds(page));
        }
        Assert.Equal(25, seen.Distinct().Count());
        var searched = (await c.GetAsync("/people?limit=10&offset=20&search=acme.io")).Body!;
        Assert.Equal(25, searched["total"]!.GetValue<long>());
        Assert.Equal(5, UserIds(searched).Length);
        var past = (await c.GetAsync("/people?limit=10&offset=100")).Body!;
        Assert.Empty(UserIds(past));
        Assert.Equal(25, past["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Since_filters_are_inclusive_and_accept_any_RFC_3339_offset()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero));
        var people = new PeopleService(factory.Service<Core.Storage.Ports.IPeopleReader>(), factory.Service<Core.Storage.Ports.IWriteUnit>(), clock, new PeopleChangeNotifier(new Core.Signals.LocalSignalBus()));
        var (ws, key) = await factory.NewWorkspaceAsync();
        await people.UpsertAsync(Actor.System, ws, PersonInput.For("early"));
        clock.Advance(TimeSpan.FromDays(1));
        await people.UpsertAsync(Actor.System, ws, PersonInput.For("late"));
        var c = new WorkspaceClient(factory.ClientFor(key), ws, key);

        Assert.Equal(new[] { "late" }, UserIds((await c.GetAsync("/people?created_since=2024-01-16T10:30:00Z")).Body!));
        Assert.Equal(new[] { "late" }, UserIds((await c.GetAsync("/people?created_since=2024-01-16T12:30:00%2B02:00")).Body!));
        Assert.Equal(new[] { "late", "early" }, UserIds((await c.GetAsync("/people?created_since=2024-01-15T10:30:00.000Z")).Body!));
        Assert.Equal(1, (await c.GetAsync("/people?updated_since=2024-01-16T00:00:00Z")).Body!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Search_endpoint_combines_criteria_and_caps_the_limit()
    {
        var c = await SeededAsync();
        Assert.Equal(new[] { "jane" }, UserIds((await c.GetAsync("/people/search?q=jane&email=JANE@acme.com")).Body!));
        Assert.Empty(UserIds((await c.GetAsync("/people/search?q=bob&email=jane@acme.com")).Body!));
        Assert.Empty(UserIds((await c.GetAsync("/people/search?userId=JANE")).Body!)); // userId is exact
        Assert.Equal(2, UserIds((await c.GetAsync("/people/search?q=acme&limit=2")).Body!).Length);
    }

    [Fact]
    public async Task Workspaces_never_share_search_results()
    {
        var a = await SeededAsync();
        var b = await factory.NewClientAsync();
        await b.CreatePersonAsync("""{"userId":"b-acme"}""");
        Assert.Equal(new[] { "b-acme" }, UserIds((await b.GetAsync("/people?search=acme")).Body!));
        Assert.Equal(1, (await b.GetAsync("/people?search=acme")).Body!["total"]!.GetValue<long>());
    }
}
