using System.Text.Json;
using Flameup.Admin.Core.Common;
using Microsoft.AspNetCore.Http.Features;

namespace Flameup.Admin.Web.Api;

/// <summary>Reads a JSON request body within a size limit: 415 for a non-JSON type, 413 past the limit, 400 for bad JSON.</summary>
public static class JsonBody
{
    public const long DefaultLimit = 1024 * 1024;
    public const long BatchLimit = 10 * 1024 * 1024;

    public sealed class BodyException(IResult problem) : Exception
    {
        public IResult Problem { get; } = problem;
    }

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        var type = request.ContentType;
        if (string.IsNullOrEmpty(type) || !IsJson(type))
            throw new BodyException(ApiProblems.Status(415, "Unsupported media type",
                $"Send the body as JSON with the header 'Content-Type: application/json' (got '{(string.IsNullOrEmpty(type) ? "none" : type)}')."));
        if (request.ContentLength > limit) throw TooLarge(limit);
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit + 1;

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit) throw TooLarge(limit);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw TooLarge(limit);
        }
        if (buffer.Length == 0) throw new BodyException(ApiProblems.Validation("body", "is required: send a JSON object"));
        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Json.DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new BodyException(ApiProblems.Validation(new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON{where}"] },
                $"The request body is not valid JSON{where}. Check quotes, commas and brackets."));
        }
    }

    static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    static BodyException TooLarge(long limit) => new(ApiProblems.Status(413, "Request body too large",
        $"The body is larger than {limit / (1024 * 1024)} MiB. Send fewer people per request."));
}
