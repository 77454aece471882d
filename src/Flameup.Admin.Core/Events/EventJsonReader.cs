using System.Text.Json;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Events;

/// <summary>Reads an event body, noting fields of the wrong JSON type.</summary>
public static class EventJsonReader
{
    public static EventInput Read(JsonElement body, ValidationErrors errors)
    {
        var input = new EventInput();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object");
            return input;
        }
        foreach (var p in body.EnumerateObject())
        {
            switch (JsonNodes.Name(p, "body", errors))
            {
                case "name": input.Name = String(p.Value, "name", errors); break;
                case "userId": input.UserId = String(p.Value, "userId", errors); break;
                case "anonymousId": input.AnonymousId = String(p.Value, "anonymousId", errors); break;
                case "properties": input.Properties = PersonJsonReader.ReadTraits(p.Value, "properties", errors); break;
                case "timestamp":
                    var text = String(p.Value, "timestamp", errors);
                    if (text is null) break;
                    if (Timestamps.TryParse(text, out var ts)) input.Timestamp = ts;
                    else errors.Add("timestamp", "must be an RFC 3339 date-time such as 2024-01-15T10:30:00Z");
                    break;
            }
        }
        return input;
    }

    static string? String(JsonElement value, string field, ValidationErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, $"must be a string, not {PersonJsonReader.Describe(value.ValueKind)}");
            return null;
        }
        try { return value.GetString(); }
        catch (InvalidOperationException) { errors.Add(field, "is not valid Unicode text"); return null; }
    }
}
