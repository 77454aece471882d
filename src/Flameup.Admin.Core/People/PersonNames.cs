using System.Text.Json;

namespace Flameup.Admin.Core.People;

/// <summary>The trait keys that hold a person's name; search covers them too.</summary>
public static class PersonNames
{
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string Name = "name";

    public static string? DisplayName(string traitsJson)
    {
        if (string.IsNullOrEmpty(traitsJson) || traitsJson == "{}") return null;
        try
        {
            using var doc = JsonDocument.Parse(traitsJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty(Name, out var n) && n.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(n.GetString()))
                return n.GetString();
            var first = root.TryGetProperty(FirstName, out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            var last = root.TryGetProperty(LastName, out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            var full = $"{first} {last}".Trim();
            return full.Length == 0 ? null : full;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
