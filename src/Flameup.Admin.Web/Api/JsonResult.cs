using System.Text.Json;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Web.Api;

/// <summary>Writes a JSON response straight to the body with a <see cref="Utf8JsonWriter"/> (no intermediate objects).</summary>
public sealed class JsonWriterResult(int status, Action<Utf8JsonWriter> write, string? location = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        if (location is not null) http.Response.Headers.Location = location;
        await using (var writer = new Utf8JsonWriter(http.Response.BodyWriter, Json.WriterOptions)) write(writer);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }
}
