using Flameup.Admin.Core.People;
using System.Text.Json.Nodes;
using Bunit;
using Flameup.Admin.Components.People;
using Flameup.Admin.Components.Shared;
using Flameup.Admin.Components.Tests.Infrastructure;
using Flameup.Admin.Core.Common;
using MudBlazor;
using MudBlazor.Extensions;

namespace Flameup.Admin.Components.Tests;

public sealed class TraitsEditorTests : ComponentTest
{
    static JsonObject Saved() => new()
    {
        ["plan"] = "pro",
        ["seats"] = 12,
        ["beta"] = true,
        ["tags"] = new JsonArray("vip", "newsletter"),
    };

    IRenderedComponent<TraitsEditor> RenderEditor(JsonObject? traits = null, FieldErrors? errors = null) =>
        Render<TraitsEditor>(p =>
        {
            p.Add(x => x.Traits, traits ?? Saved());
            if (errors is not null) p.Add(x => x.Errors, errors);
        });

    static AngleSharp.Dom.IElement Row(IRenderedComponent<TraitsEditor> cut, int i) => cut.FindAll("[data-testid=trait-row]")[i];

    static JsonObject Patch(IRenderedComponent<TraitsEditor> cut)
    {
        Assert.True(TryPatch(cut, out var patch));
        return patch;
    }

    static bool TryPatch(IRenderedComponent<TraitsEditor> cut, out JsonObject patch)
    {
        JsonObject built = null!;
        var ok = false;
        cut.InvokeAsync(() => ok = cut.Instance.TryBuildPatch(out built)).GetAwaiter().GetResult();
        patch = built;
        return ok;
    }

    [Fact]
    public void Shows_each_trait_with_its_type()
    {
        var cut = RenderEditor();
        Assert.Equal(4, cut.FindAll("[data-testid=trait-row]").Count);
        var types = cut.FindComponents<MudSelect<TraitType>>().Select(s => s.Instance.GetState(x => x.Value)).ToList();
        Assert.Equal([TraitType.Text, TraitType.Number, TraitType.Boolean, TraitType.Json], types);
        Assert.Equal("pro", Row(cut, 0).QuerySelector("[data-testid=trait-value]")!.GetAttribute("value"));
        Assert.Equal("12", Row(cut, 1).QuerySelector("[data-testid=trait-value]")!.GetAttribute("value"));
        Assert.True(cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label is "true" or "false").Instance.GetState(x => x.Value));
        Assert.Contains("\"vip\"", Row(cut, 3).QuerySelector("textarea")!.TextContent + Row(cut, 3).QuerySelector("textarea")!.GetAttribute("value"));
        Assert.False(cut.Instance.IsDirty);
        Assert.Empty(Patch(cut));
    }

    [Fact]
    public void Adding_a_trait_sends_it_with_its_typed_value()
    {
        var cut = RenderEditor(new JsonObject());
        Assert.Contains("No traits yet", cut.Markup);

        cut.Find("[data-testid=trait-add]").Click();
        Row(cut, 0).QuerySelector("[data-testid=trait-key]")!.Input("score");
        cut.InvokeAsync(() => cut.FindComponents<MudSelect<TraitType>>()[0].Instance.ValueChanged.InvokeAsync(TraitType.Number));
        Row(cut, 0).QuerySelector("[data-testid=trait-value]")!.Input("4.5");

        cut.Find("[data-testid=trait-add]").Click();
        Row(cut, 1).QuerySelector("[data-testid=trait-key]")!.Input("verified");
        cut.InvokeAsync(() => cut.FindComponents<MudSelect<TraitType>>()[1].Instance.ValueChanged.InvokeAsync(TraitType.Boolean));
        cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().Last(s => s.Instance.Label is "true" or "false").Instance.ValueChanged.InvokeAsync(true));

        cut.Find("[data-testid=trait-add]").Click();
        Row(cut, 2).QuerySelector("[data-testid=trait-key]")!.Input("address");
        cut.InvokeAsync(() => cut.FindComponents<MudSelect<TraitType>>()[2].Instance.ValueChanged.InvokeAsync(TraitType.Json));
        Row(cut, 2).QuerySelector("textarea")!.Input("{\"city\": \"Lisbon\"}");

        cut.Find("[data-testid=trait-add]").Click(); // a blank row is ignored

        Assert.True(cut.Instance.IsDirty);
        var patch = Patch(cut);
        Assert.Equal("""{"score":4.5,"verified":true,"address":{"city":"Lisbon"}}""", patch.ToJsonString());
        Assert.Equal(3, cut.FindAll(".trait-row-new").Count(r => r.TextContent.Contains("new")));
    }

    [Fact]
    public void Editing_a_value_sends_only_that_key()
    {
        var cut = RenderEditor();
        Row(cut, 0).QuerySelector("[data-testid=trait-value]")!.Input("enterprise");
        Row(cut, 1).QuerySelector("[data-testid=trait-value]")!.Input("12"); // same value: not sent
        Assert.Equal("""{"plan":"enterprise"}""", Patch(cut).ToJsonString());
        Assert.Contains("edited", Row(cut, 0).TextContent);
    }

    [Fact]
    public void Removing_sends_null_and_undo_brings_it_back()
    {
        var cut = RenderEditor();
        Row(cut, 2).QuerySelector("[data-testid=trait-remove]")!.Click();
        Assert.Contains("removed", Row(cut, 2).TextContent);
        Assert.Equal("""{"beta":null}""", Patch(cut).ToJsonString());

        Row(cut, 2).QuerySelector("[data-testid=trait-undo]")!.Click();
        Assert.Empty(Patch(cut));
        Assert.False(cut.Instance.IsDirty);
    }

    [Fact]
    public void Renaming_a_key_removes_the_old_one()
    {
        var cut = RenderEditor();
        Row(cut, 0).QuerySelector("[data-testid=trait-key]")!.Input("tier");
        Assert.Equal("""{"plan":null,"tier":"pro"}""", Patch(cut).ToJsonString());
    }

    [Fact]
    public void Changing_the_type_converts_the_value()
    {
        var cut = RenderEditor(new JsonObject { ["count"] = "42", ["flag"] = "true" });
        cut.InvokeAsync(() => cut.FindComponents<MudSelect<TraitType>>()[0].Instance.ValueChanged.InvokeAsync(TraitType.Number));
        cut.InvokeAsync(() => cut.FindComponents<MudSelect<TraitType>>()[1].Instance.ValueChanged.InvokeAsync(TraitType.Boolean));
        Assert.Equal("""{"count":42,"flag":true}""", Patch(cut).ToJsonString());
    }

    [Fact]
    public void Values_that_cannot_be_read_are_flagged_and_nothing_is_built()
    {
        var cut = RenderEditor();
        Row(cut, 1).QuerySelector("[data-testid=trait-value]")!.Input("12 seats");
        Row(cut, 3).QuerySelector("textarea")!.Input("[\"vip\", ");
        Assert.Contains("Not a number", Row(cut, 1).TextContent);
        Assert.Contains("Not valid JSON", Row(cut, 3).TextContent);
        Assert.False(TryPatch(cut, out _));

        Row(cut, 1).QuerySelector("[data-testid=trait-value]")!.Input("13");
        Row(cut, 3).QuerySelector("textarea")!.Input("[\"vip\"]");
        Assert.DoesNotContain("Not a number", Row(cut, 1).TextContent);
        Assert.Equal("""{"seats":13,"tags":["vip"]}""", Patch(cut).ToJsonString());
    }

    [Fact]
    public void Json_null_is_refused_with_what_to_do_instead()
    {
        var cut = RenderEditor();
        Row(cut, 3).QuerySelector("textarea")!.Input("null");
        Assert.Contains("use the remove button", Row(cut, 3).TextContent);
        Assert.False(TryPatch(cut, out _));
    }

    [Fact]
    public void Two_rows_with_the_same_key_are_flagged()
    {
        var cut = RenderEditor();
        cut.Find("[data-testid=trait-add]").Click();
        Row(cut, 4).QuerySelector("[data-testid=trait-key]")!.Input("plan");
        Row(cut, 4).QuerySelector("[data-testid=trait-value]")!.Input("free");
        Assert.Contains("Another row has this key", Row(cut, 4).TextContent);
        Assert.False(TryPatch(cut, out _));
    }

    [Fact]
    public void The_domains_messages_show_on_their_rows_and_the_rest_above()
    {
        var errors = FieldErrors.From(new DomainValidationException(new Dictionary<string, string[]>
        {
            ["traits.$plan"] = ["trait keys starting with '$' are reserved"],
            ["traits.tags[1]"] = ["text is 10001 characters; at most 10000 are allowed"],
            ["traits"] = ["would have 301 keys after the merge; at most 300 are allowed"],
        }), "traits", "traits.");
        var cut = RenderEditor(new JsonObject { ["$plan"] = "x", ["tags"] = new JsonArray("a", "b") }, errors);
        Assert.Contains("Trait keys starting with '$' are reserved.", Row(cut, 0).TextContent);
        Assert.Contains("tags[1]: text is 10001 characters", Row(cut, 1).TextContent);
        Assert.Contains("Would have 301 keys after the merge", cut.Find("[data-testid=traits-error]").TextContent);

        // Editing the row hides its stale message.
        Row(cut, 0).QuerySelector("[data-testid=trait-key]")!.Input("plan");
        Assert.DoesNotContain("reserved", Row(cut, 0).TextContent);
    }

    [Fact]
    public void The_raw_json_view_shows_the_traits_as_they_will_be_saved()
    {
        var cut = RenderEditor();
        Row(cut, 0).QuerySelector("[data-testid=trait-value]")!.Input("team");
        Row(cut, 2).QuerySelector("[data-testid=trait-remove]")!.Click();
        cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().First().Instance.ValueChanged.InvokeAsync(true));
        var raw = JsonNode.Parse(cut.Find("[data-testid=traits-raw]").TextContent)!.AsObject();
        Assert.Equal("""{"plan":"team","seats":12,"tags":["vip","newsletter"]}""", raw.ToJsonString());
    }

    [Fact]
    public void Read_only_shows_values_without_edit_controls()
    {
        var cut = Render<TraitsEditor>(p => p.Add(x => x.Traits, Saved()).Add(x => x.ReadOnly, true));
        Assert.Empty(cut.FindAll("[data-testid=trait-add]"));
        Assert.Empty(cut.FindAll("[data-testid=trait-remove]"));
    }
}
