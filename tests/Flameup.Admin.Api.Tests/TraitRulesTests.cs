using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests;

/// <summary>Every trait rule of API.md at its limit (accepted) and one past it (400 naming the field).</summary>
public sealed class TraitRulesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    static string Person(JsonObject traits) => new JsonObject { ["userId"] = "u_" + Guid.NewGuid().ToString("N")[..8], ["traits"] = traits }.ToJsonString();

    static JsonObject Keys(int count)
    {
        var o = new JsonObject();
        for (var i = 0; i < count; i++) o[$"k{i}"] = i;
        return o;
    }

    [Fact]
    public async Task Three_hundred_keys_are_allowed_and_301_are_not()
    {
        var c = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", Person(Keys(300)))).Status);
        (await c.PostAsync("/people", Person(Keys(301)))).AssertProblem(HttpStatusCode.BadRequest, "traits");
    }

    [Fact]
    public async Task The_key_limit_counts_after_the_merge()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync(Person(Keys(300)));
        (await c.PutAsync($"/people/{id}", """{"traits":{"one_more":1}}""")).AssertProblem(HttpStatusCode.BadRequest, "traits");
        // Removing one and adding one in the same merge stays at 300.
        Assert.Equal(HttpStatusCode.OK, (await c.PutAsync($"/people/{id}", """{"traits":{"k0":null,"one_more":1}}""")).Status);
    }

    [Fact]
    public async Task Keys_of_150_characters_are_allowed_and_151_are_not()
    {
        var c = await factory.NewClientAsync();
        var ok = new string('k', 150);
        var bad = new string('k', 151);
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", Person(new JsonObject { [ok] = 1 }))).Status);
        (await c.PostAsync("/people", Person(new JsonObject { [bad] = 1 }))).AssertProblem(HttpStatusCode.BadRequest, $"traits.{bad}");
    }

    [Theory]
    [InlineData("$reserved")]
    [InlineData("tab\there")]
    [InlineData("nul\u0000key")]
    [InlineData("")]
    public async Task Reserved_empty_and_control_character_keys_are_refused(string key)
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people", Person(new JsonObject { [key] = "x" }))).AssertProblem(HttpStatusCode.BadRequest, $"traits.{key}");
    }

    [Fact]
    public async Task Strings_of_10000_characters_are_allowed_and_10001_are_not()
    {
        var c = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", Person(new JsonObject { ["bio"] = new string('a', 10_000) }))).Status);
        (await c.PostAsync("/people", Person(new JsonObject { ["bio"] = new string('a', 10_001) }))).AssertProblem(HttpStatusCode.BadRequest, "traits.bio");
    }

    [Fact]
    public async Task Nesting_of_five_levels_is_allowed_and_six_is_not()
    {
        var c = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", """{"userId":"deep5","traits":{"a":{"b":{"c":{"d":{"e":1}}}}}}""")).Status);
        (await c.PostAsync("/people", """{"userId":"deep6","traits":{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}}""")).AssertProblem(HttpStatusCode.BadRequest);
        (await c.PostAsync("/people", """{"userId":"deep6a","traits":{"a":[[[[[1]]]]]}}""")).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Traits_up_to_64_KiB_are_allowed_and_larger_are_not()
    {
        var c = await factory.NewClientAsync();
        // Eight strings of 8,000 characters: about 64,100 bytes serialized, just under 65,536.
        var under = new JsonObject();
        for (var i = 0; i < 8; i++) under[$"s{i}"] = new string('x', 8_000);
        Assert.True(Encoding.UTF8.GetByteCount(under.ToJsonString()) <= 65_536);
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", Person(under))).Status);

        var over = new JsonObject();
        for (var i = 0; i < 7; i++) over[$"s{i}"] = new string('x', 10_000);
        Assert.True(Encoding.UTF8.GetByteCount(over.ToJsonString()) > 65_536);
        (await c.PostAsync("/people", Person(over))).AssertProblem(HttpStatusCode.BadRequest, "traits");
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"plan\"")]
    [InlineData("42")]
    [InlineData("true")]
    public async Task Traits_must_be_an_object(string traits)
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people", $$"""{"userId":"u","traits":{{traits}}}""")).AssertProblem(HttpStatusCode.BadRequest, "traits");
    }

    [Fact]
    public async Task All_value_types_are_stored_as_given()
    {
        var c = await factory.NewClientAsync();
        var traits = JsonNode.Parse("""{"s":"text","n":12.5,"i":-3,"b":false,"nul":null,"arr":[1,"two",{"three":3}],"obj":{"x":{"y":true}}}""")!.AsObject();
        var (status, body, _) = await c.PostAsync("/people", Person(traits));
        Assert.Equal(HttpStatusCode.Created, status);
        // A null value on create means "no such trait".
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"s":"text","n":12.5,"i":-3,"b":false,"arr":[1,"two",{"three":3}],"obj":{"x":{"y":true}}}"""), body!["traits"]));
    }
}
