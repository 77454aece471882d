using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Tests.People;

public sealed class RulesTests
{
    static ValidationErrors Check(string traits)
    {
        var errors = new ValidationErrors();
        TraitRules.ValidatePatch(JsonNode.Parse(traits)!.AsObject(), "traits", errors);
        return errors;
    }

    [Fact]
    public void Depth_counts_levels_below_traits()
    {
        Assert.True(Check("""{"a":{"b":{"c":{"d":{"e":"deep"}}}}}""").IsEmpty);
        Assert.True(Check("""{"a":{"b":{"c":{"d":{"e":{}}}}}}""").IsEmpty);
        Assert.False(Check("""{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}""").IsEmpty);
        Assert.True(Check("""{"a":[[[["x"]]]]}""").IsEmpty);
        Assert.False(Check("""{"a":[[[[["x"]]]]]}""").IsEmpty);
    }

    [Fact]
    public void Nested_strings_are_limited_too()
    {
        var errors = Check("{\"a\":{\"b\":[\"" + new string('x', 10_001) + "\"]}}");
        Assert.Contains("traits.a.b[0]", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData("a.b+c@sub.domain.io", true)]
    [InlineData("user@localhost", true)]
    [InlineData("no-at-sign", false)]
    [InlineData("two@@x.io", false)]
    [InlineData("space in@x.io", false)]
    [InlineData("@x.io", false)]
    [InlineData("a@", false)]
    [InlineData("a@.io", false)]
    [InlineData("a@x..io", false)]
    public void Email_shape(string email, bool valid) => Assert.Equal(valid, PersonRules.IsEmail(email));

    [Theory]
    [InlineData("2024-01-15T10:30:00Z", "2024-01-15T10:30:00Z")]
    [InlineData("2024-01-15T10:30:00.123Z", "2024-01-15T10:30:00.123Z")]
    [InlineData("2024-01-15T12:30:00+02:00", "2024-01-15T10:30:00Z")]
    [InlineData("2024-01-15", "2024-01-15T00:00:00Z")]
    public void Timestamps_parse_RFC_3339_and_format_in_UTC(string input, string formatted)
    {
        Assert.True(Timestamps.TryParse(input, out var t));
        Assert.Equal(formatted, Timestamps.Format(t));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("15/01/2024")]
    [InlineData("")]
    public void Bad_timestamps_do_not_parse(string input) => Assert.False(Timestamps.TryParse(input, out _));
}
