using Flameup.Admin.Core.People;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Components.People;

/// <summary>One trait in the editor: its key, its type and the value as typed.</summary>
public sealed class TraitRow
{
    static int _next;

    /// <summary>Stable identity for rendering (@key), independent of the key the user types.</summary>
    public int Id { get; } = Interlocked.Increment(ref _next);
    /// <summary>The key this row had when loaded; null for a row added in the editor.</summary>
    public string? OriginalKey { get; init; }
    public string Key { get; set; } = "";
    public TraitType Type { get; set; } = TraitType.Text;
    public string Text { get; set; } = "";
    public bool Bool { get; set; }
    /// <summary>Marked for removal (sent as null on save); can be undone until then.</summary>
    public bool Removed { get; set; }
    /// <summary>Why the value cannot be read as its type (not a number, not JSON); set by <see cref="TryGetValue"/>.</summary>
    public string? ValueError { get; set; }

    public bool IsNew => OriginalKey is null;
    public bool IsBlank => IsNew && Key.Length == 0 && Type != TraitType.Boolean && string.IsNullOrWhiteSpace(Text);

    public static TraitRow FromNode(string key, JsonNode? value)
    {
        var row = new TraitRow { OriginalKey = key, Key = key };
        row.Load(value);
        return row;
    }

    public static TraitType TypeOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => TraitType.Text,
        JsonValueKind.Number => TraitType.Number,
        JsonValueKind.True or JsonValueKind.False => TraitType.Boolean,
        _ => TraitType.Json,
    };

    void Load(JsonNode? value)
    {
        Type = TypeOf(value);
        switch (Type)
        {
            case TraitType.Text: Text = value!.GetValue<string>(); break;
            case TraitType.Number: Text = value!.ToJsonString(); break;
            case TraitType.Boolean: Bool = value!.GetValueKind() == JsonValueKind.True; Text = Bool ? "true" : "false"; break;
            default: Text = value is null ? "null" : value.ToJsonString(Indented); break;
        }
    }

    /// <summary>Changes the type, carrying the value over where it makes sense ("42" text → 42 number).</summary>
    public void ChangeType(TraitType type)
    {
        if (type == Type) return;
        if (type == TraitType.Boolean)
            Bool = Type == TraitType.Boolean ? Bool : Text.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
        else if (Type == TraitType.Boolean)
            Text = Bool ? "true" : "false";
        else if (Type == TraitType.Text && type == TraitType.Json && Text.Length > 0 && !LooksLikeJson(Text))
            Text = JsonSerializer.Serialize(Text, Json.Options);
        else if (Type == TraitType.Json && type == TraitType.Text && TryParseJson(Text, out var node) && node?.GetValueKind() == JsonValueKind.String)
            Text = node.GetValue<string>();
        Type = type;
        ValueError = null;
    }

    /// <summary>The value as JSON, or false with <see cref="ValueError"/> saying what to fix.</summary>
    public bool TryGetValue(out JsonNode? value)
    {
        value = null;
        ValueError = null;
        switch (Type)
        {
            case TraitType.Text:
                value = JsonValue.Create(Text);
                return true;
            case TraitType.Boolean:
                value = JsonValue.Create(Bool);
                return true;
            case TraitType.Number:
                var t = Text.Trim();
                if (TryParseJson(t, out var n) && n?.GetValueKind() == JsonValueKind.Number)
                {
                    value = n;
                    return true;
                }
                ValueError = t.Length == 0 ? "Enter a number." : "Not a number: use digits with an optional '-' and '.', like 42 or -3.5.";
                return false;
            default:
                if (string.IsNullOrWhiteSpace(Text)) { ValueError = "Enter JSON, for example [\"a\", \"b\"] or {\"plan\": \"pro\"}."; return false; }
                try
                {
                    value = JsonNode.Parse(Text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
                }
                catch (JsonException e)
                {
                    ValueError = $"Not valid JSON: {ShortJsonError(e)}";
                    return false;
                }
                if (value is null) { ValueError = "null would remove the trait: use the remove button instead."; return false; }
                return true;
        }
    }

    static string ShortJsonError(JsonException e)
    {
        var line = e.LineNumber is { } l ? $" (line {l + 1}, position {e.BytePositionInLine + 1})" : "";
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return message.TrimEnd('.') + line + ".";
    }

    static bool LooksLikeJson(string text) => text.TrimStart() is { Length: > 0 } s && (s[0] is '{' or '[' or '"');

    static bool TryParseJson(string text, out JsonNode? node)
    {
        node = null;
        try { node = JsonNode.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    internal static readonly JsonSerializerOptions Indented = new(Json.Options) { WriteIndented = true };
}
