using System.Text.Json;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>
/// Turns a JSON person (API body, batch item, JSON/NDJSON import line) into a <see cref="PersonInput"/>,
/// noting each known field of the wrong JSON type. Unknown fields are ignored.
/// </summary>
public static class PersonJsonReader
{
    public static PersonInput Read(JsonElement body, string prefix, ValidationErrors errors)
    {
        var input = new PersonInput();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "must be a JSON object");
            return input;
        }

        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            switch (JsonNodes.Name(property, prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), errors))
            {
                case "userId":
                    input.UserIdGiven = true;
                    input.UserId = ReadString(value, prefix + "userId", errors, allowNull: true);
                    break;
                case "email":
                    input.EmailGiven = true;
                    input.Email = ReadString(value, prefix + "email", errors, allowNull: true);
                    break;
                case "status":
                    input.StatusGiven = true;
                    input.Status = ReadString(value, prefix + "status", errors, allowNull: true);
                    break;
                case "anonymousId":
                    input.AnonymousId = ReadString(value, prefix + "anonymousId", errors, allowNull: true);
                    break;
                case "traits":
                    input.Traits = ReadTraits(value, prefix + "traits", errors);
                    break;
            }
        }
        return input;
    }

    /// <summary>Reads a traits object; null means "no change".</summary>
    public static JsonObject? ReadTraits(JsonElement value, string field, ValidationErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, $"must be a JSON object, not {Describe(value.ValueKind)}");
            return null;
        }
        return JsonNodes.ToObject(value, field, errors);
    }

    static string? ReadString(JsonElement value, string field, ValidationErrors errors, bool allowNull)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return value.GetString();
                }
                catch (InvalidOperationException)
                {
                    errors.Add(field, "is not valid Unicode text");
                    return null;
                }
            case JsonValueKind.Null when allowNull:
                return null;
            default:
                errors.Add(field, $"must be a string, not {Describe(value.ValueKind)}");
                return null;
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };
}
