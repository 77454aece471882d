using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>
/// The one parser of trait values typed as text (the traits editor, CSV cells): the value of a type, and a
/// column's type guessed from sample cells.
/// </summary>
public static partial class TraitValues
{
    /// <summary>
    /// The type of a column: boolean when every non-empty cell is true/false, number when every one is a JSON
    /// number (so "007" stays text), JSON when every one is an object or array, else text.
    /// </summary>
    public static TraitType Detect(IEnumerable<string?> cells)
    {
        bool any = false, allBool = true, allNumber = true, allJson = true;
        foreach (var raw in cells)
        {
            if (string.IsNullOrEmpty(raw)) continue;
            var cell = raw.Trim();
            any = true;
            allBool &= IsBoolean(cell);
            allNumber &= IsNumber(cell);
            allJson &= IsJsonContainer(cell);
            if (!allBool && !allNumber && !allJson) return TraitType.Text;
        }
        if (!any) return TraitType.Text;
        return allBool ? TraitType.Boolean : allNumber ? TraitType.Number : allJson ? TraitType.Json : TraitType.Text;
    }

    /// <summary>The type a stored value is edited as.</summary>
    public static TraitType TypeOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => TraitType.Text,
        JsonValueKind.Number => TraitType.Number,
        JsonValueKind.True or JsonValueKind.False => TraitType.Boolean,
        _ => TraitType.Json,
    };

    /// <summary>
    /// Parses <paramref name="text"/> as <paramref name="type"/>. On failure <paramref name="error"/> says what is
    /// wrong and how to write it, in lower case so a caller can put it after the value ("'x' is not a number …").
    /// JSON <c>null</c> parses to a null value (a removal where the caller allows one).
    /// </summary>
    public static bool TryParse(string text, TraitType type, out JsonNode? value, out string? error)
    {
        error = null;
        value = null;
        switch (type)
        {
            case TraitType.Text:
                value = JsonValue.Create(text);
                return true;
            case TraitType.Number:
                var n = text.Trim();
                if (!IsNumber(n))
                {
                    error = n.Length == 0 ? "empty; enter a number" : "not a number: use digits with an optional '-' and '.', like 42 or -3.5";
                    return false;
                }
                value = Number(n);
                return true;
            case TraitType.Boolean:
                var b = text.Trim();
                if (b.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = JsonValue.Create(true); return true; }
                if (b.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = JsonValue.Create(false); return true; }
                error = "not true or false";
                return false;
            case TraitType.Json:
                if (string.IsNullOrWhiteSpace(text)) { error = "empty; enter JSON, for example [\"a\", \"b\"] or {\"plan\": \"pro\"}"; return false; }
                try
                {
                    value = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
                    return true;
                }
                catch (JsonException e)
                {
                    var at = e.LineNumber is { } l ? $" (line {l + 1}, position {e.BytePositionInLine + 1})" : "";
                    error = $"not valid JSON: {JsonErrors.Describe(e)}{at}";
                    return false;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    /// <summary>
    /// A JSON number that keeps its text exactly (1.50 stays 1.50): held as a long or decimal when that writes back the
    /// same text (the common case, and far cheaper than a parsed JSON document per cell), otherwise as parsed JSON.
    /// </summary>
    static JsonNode Number(string text)
    {
        Span<char> written = stackalloc char[48];
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            && whole.TryFormat(written, out var n, default, CultureInfo.InvariantCulture) && written[..n].SequenceEqual(text))
            return JsonValue.Create(whole);
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction)
            && fraction.TryFormat(written, out n, default, CultureInfo.InvariantCulture) && written[..n].SequenceEqual(text))
            return JsonValue.Create(fraction);
        return JsonNode.Parse(text)!;
    }

    public static bool IsBoolean(string cell) =>
        cell.Equals("true", StringComparison.OrdinalIgnoreCase) || cell.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>A JSON number of at most 40 characters (longer ones are ids kept as text).</summary>
    public static bool IsNumber(string cell) => cell.Length <= 40 && JsonNumber().IsMatch(cell);

    static bool IsJsonContainer(string cell)
    {
        if (cell.Length < 2 || !(cell[0] == '{' && cell[^1] == '}' || cell[0] == '[' && cell[^1] == ']')) return false;
        try { JsonDocument.Parse(cell).Dispose(); return true; }
        catch (JsonException) { return false; }
    }

    public static string Name(TraitType type) => type switch
    {
        TraitType.Number => "number",
        TraitType.Boolean => "true/false",
        TraitType.Json => "JSON",
        _ => "text",
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
