using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.Common;

/// <summary>
/// Copies a parsed JSON object into a <see cref="JsonObject"/> eagerly, so a duplicate key (last wins) or a
/// string that is not valid Unicode is reported against its field path instead of failing later.
/// </summary>
public static class JsonNodes
{
    /// <summary>A property's name, or null (noted against <paramref name="path"/>) when it is not valid Unicode text.</summary>
    public static string? Name(JsonProperty property, string path, ValidationErrors errors)
    {
        try { return property.Name; }
        catch (InvalidOperationException) { errors.Add(path, "has a key that is not valid Unicode text"); return null; }
    }

    public static JsonObject ToObject(JsonElement element, string path, ValidationErrors errors)
    {
        var obj = new JsonObject();
        foreach (var p in element.EnumerateObject())
        {
            if (Name(p, path, errors) is not { } name) continue;
            obj[name] = ToNode(p.Value, $"{path}.{name}", errors);
        }
        return obj;
    }

    static JsonNode? ToNode(JsonElement e, string path, ValidationErrors errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                return ToObject(e, path, errors);
            case JsonValueKind.Array:
                var array = new JsonArray();
                var i = 0;
                foreach (var item in e.EnumerateArray()) array.Add(ToNode(item, $"{path}[{i++}]", errors));
                return array;
            case JsonValueKind.String:
                try { return JsonValue.Create(e.GetString()); }
                catch (InvalidOperationException) { errors.Add(path, "is not valid Unicode text"); return null; }
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(e.Clone());
        }
    }
}
