using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.Common;

/// <summary>One set of JSON settings for everything we store or send: UTF-8 kept readable, not \u-escaped.</summary>
public static class Json
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = Encoder };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    // One buffer and writer per thread, reused: an import builds thousands of event properties per batch, and a fresh
    // buffer grown by doubling for each was most of what it allocated. Taken out while in use, so a nested call gets its own.
    [ThreadStatic] static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] static Utf8JsonWriter? t_writer;
    const int KeptBufferBytes = 64 * 1024;

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        buffer.ResetWrittenCount();
        if (writer is null) writer = new Utf8JsonWriter(buffer, WriterOptions);
        else writer.Reset(buffer);
        write(writer);
        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity <= KeptBufferBytes)
        {
            t_buffer = buffer;
            t_writer = writer;
        }
        return text;
    }

    /// <summary>
    /// Writes a node as <see cref="JsonNode.WriteTo"/> does, with the value kinds a trait or field mostly holds written
    /// directly (several times faster than the general path, which an import runs a dozen times per row).
    /// </summary>
    public static void WriteNode(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); return;
            case JsonValue v when v.TryGetValue<string>(out var text): w.WriteStringValue(text); return;
            case JsonValue v when v.TryGetValue<JsonElement>(out var element): element.WriteTo(w); return; // parsed: its own text
            case JsonValue v when v.TryGetValue<bool>(out var flag): w.WriteBooleanValue(flag); return;
            case JsonValue v when v.TryGetValue<long>(out var whole): w.WriteNumberValue(whole); return;
            case JsonValue v when v.TryGetValue<decimal>(out var fraction): w.WriteNumberValue(fraction); return;
            default: node.WriteTo(w, Options); return;
        }
    }
}
