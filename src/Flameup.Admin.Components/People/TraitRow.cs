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

    void Load(JsonNode? value)
    {
        Type = TraitValues.TypeOf(value);
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

    /// <summary>The value as JSON (parsed by the domain's one trait-value parser), or false with <see cref="ValueError"/> saying what to fix.</summary>
    public bool TryGetValue(out JsonNode? value)
    {
        ValueError = null;
        if (!TraitValues.TryParse(Type == TraitType.Boolean ? (Bool ? "true" : "false") : Text, Type, out value, out var error))
        {
            ValueError = char.ToUpperInvariant(error![0]) + error[1..] + ".";
            return false;
        }
        if (value is null) { ValueError = "null would remove the trait: use the remove button instead."; return false; }
        return true;
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
