using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flameup.Admin.Core.Common;

/// <summary>One set of JSON settings for everything we store or send: UTF-8 kept readable, not \u-escaped.</summary>
public static class Json
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = Encoder };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
