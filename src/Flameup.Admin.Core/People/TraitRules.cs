using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>The trait validation rules of API.md, in one place.</summary>
public static class TraitRules
{
    public const int MaxKeys = 300;
    public const int MaxKeyLength = 150;
    public const int MaxStringLength = 10_000;
    public const int MaxDepth = 5;
    public const int MaxBytes = 64 * 1024;

    /// <summary>Rules that hold for the traits a caller sends (keys, values, depth).</summary>
    public static void ValidatePatch(JsonObject traits, string field, ValidationErrors errors)
    {
        foreach (var (key, value) in traits)
        {
            var path = $"{field}.{key}";
            if (!ValidateKey(key, path, errors)) continue;
            ValidateValue(value, path, 1, errors);
        }
    }

    /// <summary>
    /// Rules that hold for a person's traits after a merge (count and size); <paramref name="serialized"/> is
    /// <paramref name="merged"/> serialized (<see cref="PersonState.TraitsJson"/>), made once per change.
    /// </summary>
    public static void ValidateMerged(JsonObject merged, string serialized, string field, ValidationErrors errors)
    {
        if (merged.Count > MaxKeys)
            errors.Add(field, $"would have {merged.Count} keys after the merge; at most {MaxKeys} are allowed");
        var bytes = Encoding.UTF8.GetByteCount(serialized);
        if (bytes > MaxBytes)
            errors.Add(field, $"would be {bytes} bytes once serialized; at most {MaxBytes} (64 KiB) are allowed");
    }

    public static string Serialize(JsonObject traits) => traits.ToJsonString(Json.Options);

    static bool ValidateKey(string key, string path, ValidationErrors errors)
    {
        if (key.Length == 0) { errors.Add(path, "trait keys must not be empty"); return false; }
        if (key.Length > MaxKeyLength) { errors.Add(path, $"trait key is {key.Length} characters; at most {MaxKeyLength} are allowed"); return false; }
        if (key.Any(char.IsControl)) { errors.Add(path, "trait keys must not contain control characters"); return false; }
        if (key.StartsWith('$')) { errors.Add(path, "trait keys starting with '$' are reserved"); return false; }
        return true;
    }

    // depth: the nesting level of this value's key below traits (traits.a is level 1).
    static void ValidateValue(JsonNode? value, string path, int depth, ValidationErrors errors)
    {
        switch (value)
        {
            case null:
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                string s;
                try { s = v.GetValue<string>(); }
                catch (InvalidOperationException) { errors.Add(path, "is not valid Unicode text"); return; }
                if (s.Length > MaxStringLength)
                    errors.Add(path, $"text is {s.Length} characters; at most {MaxStringLength} are allowed");
                return;
            case JsonObject o:
                foreach (var (k, child) in o)
                {
                    if (depth + 1 > MaxDepth) { errors.Add(path, $"nesting is deeper than {MaxDepth} levels"); return; }
                    ValidateValue(child, $"{path}.{k}", depth + 1, errors);
                }
                return;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (depth + 1 > MaxDepth) { errors.Add(path, $"nesting is deeper than {MaxDepth} levels"); return; }
                    ValidateValue(a[i], $"{path}[{i}]", depth + 1, errors);
                }
                return;
        }
    }
}
