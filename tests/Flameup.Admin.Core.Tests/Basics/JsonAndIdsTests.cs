using System.Text.Json;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.Tests.Basics;

/// <summary>The shared JSON writer and the id generator that the write paths (and an import's every row) go through.</summary>
public sealed class JsonAndIdsTests
{
    public static TheoryData<string> Nodes() => new()
    {
        "\"plain\"", "\"quotes \\\" and \\\\ and \\n and é 😀 <b>\"", "true", "false", "25", "-0", "1.50", "1e5",
        "123456789012345678901234567890", "{\"a\":[1,\"x\",null,{\"b\":false}]}", "[]", "null",
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void WriteNode_writes_what_the_node_itself_writes(string json)
    {
        var parsed = JsonNode.Parse(json);
        Assert.Equal(Reference(parsed), Json.Write(w => Json.WriteNode(w, parsed)));
        var copy = parsed?.DeepClone();
        Assert.Equal(Reference(copy), Json.Write(w => Json.WriteNode(w, copy)));
    }

    [Fact]
    public void WriteNode_writes_values_made_in_code_as_their_nodes_do()
    {
        foreach (var node in new JsonNode?[] { JsonValue.Create("a\"b"), JsonValue.Create(true), JsonValue.Create(42L), JsonValue.Create(1.50m),
                     JsonValue.Create(7), JsonValue.Create(0.1), JsonValue.Create(DateTimeOffset.UnixEpoch), null })
            Assert.Equal(Reference(node), Json.Write(w => Json.WriteNode(w, node)));
    }

    static string Reference(JsonNode? node) => node is null ? "null" : node.ToJsonString(Json.Options);

    [Fact]
    public void Write_calls_inside_a_write_and_large_documents_get_their_own_buffers()
    {
        var inner = "";
        var outer = Json.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("a", "1");
            inner = Json.Write(w2 => { w2.WriteStartArray(); w2.WriteNumberValue(2); w2.WriteEndArray(); });
            w.WriteString("b", "3");
            w.WriteEndObject();
        });
        Assert.Equal("{\"a\":\"1\",\"b\":\"3\"}", outer);
        Assert.Equal("[2]", inner);
        var big = new string('x', 100_000);
        Assert.Equal($"\"{big}\"", Json.Write(w => w.WriteStringValue(big)));
        Assert.Equal("{}", Json.Write(w => { w.WriteStartObject(); w.WriteEndObject(); }));
    }

    [Fact]
    public async Task Version_7_ids_carry_their_millisecond_and_increase_within_it()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_123_456);
        var ids = Enumerable.Range(0, 5000).Select(_ => Ids.NewVersion7(time).ToString("N")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal)); // each above the one before: index inserts at the right edge
        foreach (var text in ids)
        {
            Assert.Equal(time.ToUnixTimeMilliseconds(), Convert.ToInt64(text[..12], 16));
            Assert.Equal('7', text[12]);
            Assert.Contains(text[16], "89ab"); // the RFC 9562 variant
        }
        Assert.Equal(Guid.CreateVersion7(time).ToString("N")[..13], ids[0][..13]); // the timestamp and version laid out as the framework does
        Assert.True(string.CompareOrdinal(Ids.NewVersion7(time.AddMilliseconds(1)).ToString("N"), ids[^1]) > 0);
        // An earlier millisecond (a demo person created in the past) carries its own time, not the last one's.
        var past = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        Assert.Equal(past.ToUnixTimeMilliseconds(), Convert.ToInt64(Ids.NewVersion7(past).ToString("N")[..12], 16));
        // Random bits still differ between threads making ids for the same millisecond.
        var other = await Task.Run(() => Ids.NewVersion7(time).ToString("N"));
        Assert.DoesNotContain(other, ids);
    }
}
