using Flameup.Admin.Core.Common;
using System.Text.Json.Nodes;
using Bunit;
using Flameup.Admin.Components.People;
using Flameup.Admin.Components.Tests.Infrastructure;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Flameup.Admin.Components.Tests;

public sealed class PersonViewTests : ComponentTest
{
    async Task<(Person person, IRenderedComponent<PersonView> cut)> RenderPersonAsync()
    {
        var person = await CreateAsync("jane_1", "jane@example.com", "Jane Doe", traits: new JsonObject { ["plan"] = "pro", ["seats"] = 3 });
        Nav.NavigateTo($"/w/ws_demo/people/{person.Id}");
        var cut = Render<PersonView>(p => p.Add(x => x.WorkspaceId, Ws).Add(x => x.PersonId, person.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=person-title]"));
        return (person, cut);
    }

    static AngleSharp.Dom.IElement FieldOf(IRenderedComponent<PersonView> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").Closest(".mud-input-control")!;

    [Fact]
    public async Task The_header_shows_who_it_is()
    {
        var (person, cut) = await RenderPersonAsync();
        Assert.Equal("Jane Doe", cut.Find("[data-testid=person-title]").TextContent);
        Assert.Contains("jane@example.com", cut.Markup);
        Assert.Contains("jane_1", cut.Markup);
        Assert.Equal(person.Id.ToString(), cut.Find("[data-testid=person-id]").TextContent);
        Assert.Equal("JD", cut.Find(".person-avatar").TextContent.Trim());
        Assert.Equal("active", cut.Find(".person-header [data-status]").GetAttribute("data-status"));
        Assert.Contains("2026-03-01T09:00:01Z", cut.Markup); // created, exact on hover
    }

    [Fact]
    public async Task An_invalid_email_is_refused_with_the_domains_message_on_the_field()
    {
        var (person, cut) = await RenderPersonAsync();
        cut.Find("[data-testid=edit-email]").Input("not-an-email");
        cut.WaitForAssertion(() => cut.Find("[data-testid=save-bar]"));
        cut.Find("#person-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Must be an email address like name@example.com.", FieldOf(cut, "edit-email").TextContent));
        Assert.Equal("jane@example.com", (await People.GetAsync(Ws, person.Id))!.Email);
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Not saved")));
    }

    [Fact]
    public async Task A_padded_email_is_stored_trimmed_as_through_the_API()
    {
        var (person, cut) = await RenderPersonAsync();
        cut.Find("[data-testid=edit-email]").Input("  jane.doe@example.com ");
        cut.WaitForAssertion(() => cut.Find("[data-testid=save-bar]"));
        cut.Find("#person-form").Submit();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=save-bar]")));
        Assert.Equal("jane.doe@example.com", (await People.GetAsync(Ws, person.Id))!.Email);
    }

    [Fact]
    public async Task A_userId_in_use_is_shown_on_the_userId_field()
    {
        await CreateAsync("taken", "t@example.com");
        var (_, cut) = await RenderPersonAsync();
        cut.Find("[data-testid=edit-userid]").Input("taken");
        cut.Find("#person-form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("Another person already has userId 'taken'.", FieldOf(cut, "edit-userid").TextContent));
    }

    [Fact]
    public async Task Saving_sends_only_the_changes_and_the_timeline_shows_them()
    {
        var (person, cut) = await RenderPersonAsync();
        cut.Find("[data-testid=edit-email]").Input("jane.doe@example.com");
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().First().Instance.ValueChanged.InvokeAsync(PersonStatus.Unsubscribed));
        var rows = cut.FindAll("[data-testid=trait-row]");
        var seats = rows.Single(r => r.GetAttribute("data-key") == "seats");
        seats.QuerySelector("[data-testid=trait-remove]")!.Click();
        cut.Find("[data-testid=trait-add]").Click();
        var added = cut.FindAll("[data-testid=trait-row]").Last();
        added.QuerySelector("[data-testid=trait-key]")!.Input("color");
        cut.FindAll("[data-testid=trait-row]").Last().QuerySelector("[data-testid=trait-value]")!.Input("teal");

        cut.Find("#person-form").Submit();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=save-bar]")));
        var saved = (await People.GetAsync(Ws, person.Id))!;
        Assert.Equal("jane.doe@example.com", saved.Email);
        Assert.Equal(PersonStatus.Unsubscribed, saved.Status);
        Assert.Equal("""{"plan":"pro","name":"Jane Doe","color":"teal"}""", saved.TraitsJson);

        var events = await Events.ListForPersonAsync(Ws, person.Id);
        Assert.Equal(SystemEvents.PersonUpdated, events.Events[0].Name);
        Assert.Equal(["email", "status", "traits.seats", "traits.color"], ChangeProperties.ChangedFields(events.Events[0].PropertiesJson));
        cut.WaitForAssertion(() => Assert.Equal(SystemEvents.PersonUpdated, cut.FindAll("[data-testid=timeline-event]")[0].GetAttribute("data-name")));
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Saved Jane Doe.")));
    }

    [Fact]
    public async Task Discard_brings_back_the_saved_values()
    {
        var (_, cut) = await RenderPersonAsync();
        cut.Find("[data-testid=edit-email]").Input("other@example.com");
        cut.Find("[data-testid=discard]").Click();
        Assert.Equal("jane@example.com", cut.Find("[data-testid=edit-email]").GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=save-bar]"));
    }

    [Fact]
    public async Task Delete_asks_first_then_goes_back_to_the_list()
    {
        var (person, cut) = await RenderPersonAsync();
        cut.Find("[data-testid=delete-person]").Click();
        Providers.WaitForAssertion(() => Assert.Contains("Delete Jane Doe?", Providers.Markup));
        Providers.Find("[data-testid=confirm-cancel]").Click();
        Assert.NotNull(await People.GetAsync(Ws, person.Id));

        cut.Find("[data-testid=delete-person]").Click();
        Providers.WaitForAssertion(() => Providers.Find("[data-testid=confirm-ok]"));
        Providers.Find("[data-testid=confirm-ok]").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/w/ws_demo/people", Nav.Uri));
        Assert.Null(await People.GetAsync(Ws, person.Id));
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Deleted Jane Doe.")));
    }

    [Fact]
    public async Task An_unknown_person_says_so()
    {
        var cut = Render<PersonView>(p => p.Add(x => x.WorkspaceId, Ws).Add(x => x.PersonId, Guid.CreateVersion7()));
        cut.WaitForAssertion(() => Assert.Contains("This person does not exist", cut.Markup));
        await Task.CompletedTask;
    }
}

public sealed class EventTimelineTests : ComponentTest
{
    [Fact]
    public async Task Shows_events_newest_first_a_page_at_a_time_with_expandable_properties()
    {
        var person = await CreateAsync("p1", "p1@example.com");
        for (var i = 1; i <= 24; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Events.RecordForPersonAsync(Actor.System, Ws, person.Id, new EventInput { Name = $"event_{i:D2}", Properties = new JsonObject { ["n"] = i } });
        }
        var cut = Render<EventTimeline>(p => p.Add(x => x.WorkspaceId, Ws).Add(x => x.PersonId, person.Id).Add(x => x.PageSize, 10));
        static List<string?> Names(IRenderedComponent<EventTimeline> c) => c.FindAll("[data-testid=timeline-event]").Select(e => e.GetAttribute("data-name")).ToList();

        cut.WaitForAssertion(() => Assert.Equal(10, Names(cut).Count));
        Assert.Equal("event_24", Names(cut)[0]);
        Assert.Equal("1–10 of 25", cut.Find("[data-testid=timeline-range]").TextContent);
        Assert.True(cut.Find("[data-testid=timeline-newer]").HasAttribute("disabled"));

        cut.Find("[data-testid=timeline-older]").Click();
        cut.WaitForAssertion(() => Assert.Equal("event_14", Names(cut)[0]));
        cut.Find("[data-testid=timeline-older]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["event_04", "event_03", "event_02", "event_01", "person.created"], Names(cut)));
        Assert.True(cut.Find("[data-testid=timeline-older]").HasAttribute("disabled"));

        Assert.Empty(cut.FindAll("[data-testid=timeline-properties]"));
        cut.FindAll("[data-testid=timeline-toggle]")[0].Click();
        Assert.Contains("\"n\": 4", cut.Find("[data-testid=timeline-properties]").TextContent);
        cut.FindAll("[data-testid=timeline-toggle]")[4].Click();
        Assert.Contains("userId", cut.Find("[data-testid=timeline-changes]").TextContent); // person.created lists its fields

        cut.Find("[data-testid=timeline-newer]").Click();
        cut.WaitForAssertion(() => Assert.Equal("event_14", Names(cut)[0]));
    }

    [Fact]
    public async Task A_person_without_events_is_not_possible_but_an_empty_page_says_so()
    {
        var person = await CreateAsync("p1");
        var cut = Render<EventTimeline>(p => p.Add(x => x.WorkspaceId, Ws).Add(x => x.PersonId, person.Id));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=timeline-event]")));
        Assert.Contains("Created with userId", cut.Markup);
    }
}

public sealed class CreatePersonDialogTests : ComponentTest
{

    Task<Person?> Open()
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        Task<Person?> result = null!;
        Providers.InvokeAsync(() => { result = CreatePersonDialog.ShowAsync(dialogs, Ws); });
        Providers.WaitForAssertion(() => Providers.Find("[data-testid=create-userid]"));
        return result;
    }

    [Fact]
    public async Task A_userId_in_use_is_shown_on_the_field()
    {
        await CreateAsync("taken");
        var result = Open();
        Providers.Find("[data-testid=create-userid]").Input("taken");
        Providers.Find("#create-person-form").Submit();
        Providers.WaitForAssertion(() => Assert.Contains("A person with userId 'taken' already exists in this workspace.",
            Providers.Find("[data-testid=create-userid]").Closest(".mud-input-control")!.TextContent));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task The_domains_messages_show_on_their_fields()
    {
        var result = Open();
        Providers.Find("[data-testid=create-userid]").Input("   ");
        Providers.Find("[data-testid=create-email]").Input("nope");
        Providers.Find("#create-person-form").Submit();
        Providers.WaitForAssertion(() =>
        {
            Assert.Contains("Must not be empty or blank.", Providers.Find("[data-testid=create-userid]").Closest(".mud-input-control")!.TextContent);
            Assert.Contains("Must be an email address like name@example.com.", Providers.Find("[data-testid=create-email]").Closest(".mud-input-control")!.TextContent);
        });
        Assert.Equal(0, (await People.ListAsync(Ws, new PeopleQuery())).Total);
        await Task.CompletedTask;
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task Creates_the_person_and_returns_it()
    {
        var result = Open();
        Providers.Find("[data-testid=create-userid]").Input("new_1");
        Providers.Find("[data-testid=create-email]").Input("new@example.com");
        Providers.Find("[data-testid=create-name]").Input("New Person");
        Providers.Find("#create-person-form").Submit();
        var person = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(person);
        Assert.Equal("new_1", person!.UserId);
        Assert.Equal("new@example.com", person.Email);
        Assert.Equal("New Person", person.DisplayName);
        Assert.Equal(PersonStatus.Active, person.Status);
    }
}
