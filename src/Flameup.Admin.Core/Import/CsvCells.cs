namespace Flameup.Admin.Core.Import;

/// <summary>
/// Protection against spreadsheet formula injection, in both directions. A text cell (or a column name of the
/// header row) starting with = + - @,
/// a tab or a carriage return (what a spreadsheet would run), or with the quote itself, is written with a
/// leading apostrophe (Excel's "this is text"); reading removes exactly that apostrophe again, so an export
/// imports back unchanged.
/// </summary>
public static class CsvCells
{
    static bool IsRisky(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';

    public static string Escape(string text) => text.Length > 0 && IsRisky(text[0]) ? "'" + text : text;

    public static string Unescape(string text) =>
        text.Length > 1 && text[0] == '\'' && IsRisky(text[1]) ? text[1..] : text;
}
