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
        // The error key (field.key) is only made for a key that breaks a rule or a value with levels below it.
        foreach (var (key, value) in traits)
        {
            var problem = KeyProblem(key) ?? (value is JsonValue scalar ? ScalarProblem(scalar) : null);
            if (problem is not null) errors.Add($"{field}.{key}", problem);
            else if (value is JsonObject or JsonArray) ValidateValue(value, $"{field}.{key}", 1, errors);
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

    static string? KeyProblem(string key)
    {
        if (key.Length == 0) return "trait keys must not be empty";
        if (key.Length > MaxKeyLength) return $"trait key is {key.Length} characters; at most {MaxKeyLength} are allowed";
        if (Chars.HasControl(key)) return "trait keys must not contain control characters";
        if (key.StartsWith('$')) return "trait keys starting with '$' are reserved";
        return null;
    }

    static string? ScalarProblem(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.String) return null;
        string s;
        try { s = value.GetValue<string>(); }
        catch (InvalidOperationException) { return "is not valid Unicode text"; }
        return s.Length > MaxStringLength ? $"text is {s.Length} characters; at most {MaxStringLength} are allowed" : null;
    }

    // depth: the nesting level of this value's key below traits (traits.a is level 1).
    static void ValidateValue(JsonNode? value, string path, int depth, ValidationErrors errors)
    {
        switch (value)
        {
            case null:
                return;
            case JsonValue v:
                if (ScalarProblem(v) is { } problem) errors.Add(path, problem);
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
