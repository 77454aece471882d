using Flameup.Admin.Core.People;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Flameup.Admin.Core.Import;

/// <summary>Turns CSV cell text into trait values of a type, and detects a column's type from sample cells.</summary>
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

    /// <summary>Parses a non-empty cell as <paramref name="type"/>; on failure, says why.</summary>
    public static bool TryParse(string cell, TraitType type, out JsonNode? value, out string? error)
    {
        error = null;
        value = null;
        switch (type)
        {
            case TraitType.Text:
                value = JsonValue.Create(cell);
                return true;
            case TraitType.Number:
                var n = cell.Trim();
                if (!IsNumber(n)) { error = $"'{Clip(cell)}' is not a number (the column is set to number)"; return false; }
                value = JsonNode.Parse(n); // keeps the text of the number exactly (1.50 stays 1.50)
                return true;
            case TraitType.Boolean:
                var b = cell.Trim();
                if (b.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = JsonValue.Create(true); return true; }
                if (b.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = JsonValue.Create(false); return true; }
                error = $"'{Clip(cell)}' is not true or false (the column is set to true/false)";
                return false;
            case TraitType.Json:
                try
                {
                    value = JsonNode.Parse(cell, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
                    return true;
                }
                catch (JsonException e)
                {
                    error = $"'{Clip(cell)}' is not valid JSON (the column is set to JSON): {e.Message.Split(" Path:")[0]}";
                    return false;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    public static bool IsBoolean(string cell) =>
        cell.Equals("true", StringComparison.OrdinalIgnoreCase) || cell.Equals("false", StringComparison.OrdinalIgnoreCase);

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

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..37] + "...";

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
