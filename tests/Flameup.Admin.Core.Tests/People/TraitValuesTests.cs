using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>The one parser the traits editor and the CSV reader share.</summary>
public sealed class TraitValuesTests
{
    [Theory]
    [InlineData(" 42 ", "42")]
    [InlineData("1.50", "1.50")]
    [InlineData("-3.5e2", "-3.5e2")]
    [InlineData("-0", "-0")]
    [InlineData("0.7", "0.7")]
    [InlineData("-12.000", "-12.000")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("9223372036854775808", "9223372036854775808")] // past a long
    [InlineData("0.1234567890123456789012345678901", "0.1234567890123456789012345678901")] // past a decimal's digits
    [InlineData("1E+3", "1E+3")]
    public void Numbers_keep_their_text(string text, string json)
    {
        Assert.True(TraitValues.TryParse(text, TraitType.Number, out var value, out var error), error);
        Assert.Equal(json, value!.ToJsonString());
        Assert.Equal(json, TraitRules.Serialize(new System.Text.Json.Nodes.JsonObject { ["n"] = value })[5..^1]);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(json), value), "equal to the parsed number");
    }

    [Theory]
    [InlineData("007")]
    [InlineData("1,5")]
    [InlineData("12345678901234567890123456789012345678901")] // 41 digits: an id, not a number
    [InlineData("")]
    public void Not_numbers_say_how_to_write_one(string text)
    {
        Assert.False(TraitValues.TryParse(text, TraitType.Number, out _, out var error));
        Assert.Contains("number", error);
    }

    [Fact]
    public void Malformed_json_names_the_position_without_the_framework_suffixes()
    {
        Assert.False(TraitValues.TryParse("{\"a\": }", TraitType.Json, out _, out var error));
        Assert.StartsWith("not valid JSON: ", error);
        Assert.Contains("(line 1, position", error);
        Assert.DoesNotContain("Path:", error);
        Assert.DoesNotContain("LineNumber:", error);
    }

    [Fact]
    public void Booleans_ignore_case_and_spaces()
    {
        Assert.True(TraitValues.TryParse(" TRUE ", TraitType.Boolean, out var value, out _));
        Assert.Equal("true", value!.ToJsonString());
        Assert.False(TraitValues.TryParse("yes", TraitType.Boolean, out _, out var error));
        Assert.Equal("not true or false", error);
    }
}
