using System.Text;

namespace Flameup.Admin.Core.Import;

public enum ImportFormat { Csv, Json, Ndjson }

/// <summary>Tells the format of an upload from its first bytes (and its name), and refuses what is not UTF-8 text.</summary>
public static class ImportFormats
{
    public const int SniffBytes = 64 * 1024;
    static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];
    static ReadOnlySpan<byte> Utf16Le => [0xFF, 0xFE];
    static ReadOnlySpan<byte> Utf16Be => [0xFE, 0xFF];

    public static string Name(ImportFormat f) => f switch { ImportFormat.Json => "json", ImportFormat.Ndjson => "ndjson", _ => "csv" };

    public static ImportFormat Parse(string name) => name switch { "json" => ImportFormat.Json, "ndjson" => ImportFormat.Ndjson, _ => ImportFormat.Csv };

    /// <summary>
    /// The format of a file starting with <paramref name="head"/>: a JSON array, NDJSON (objects, one a line) or CSV.
    /// Throws <see cref="ImportFileException"/> for an empty or binary file, or one that is not UTF-8.
    /// </summary>
    public static ImportFormat Detect(ReadOnlySpan<byte> head, string fileName, bool complete)
    {
        var text = head;
        if (text.StartsWith(Bom)) text = text[3..];
        if (head.StartsWith(Utf16Le) || head.StartsWith(Utf16Be))
            throw new ImportFileException("The file is UTF-16 text; save it as UTF-8 (with or without a byte order mark) and upload it again.");
        var start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start == text.Length)
            throw new ImportFileException(text.Length == 0 ? "The file is empty." : "The file holds only blank lines; there is nothing to import.");
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
            throw new ImportFileException($"This is not a text file (it holds binary data at byte {nul + (head.Length - text.Length)}); upload a CSV, JSON or NDJSON file.");
        if (!System.Text.Unicode.Utf8.IsValid(complete ? text : TrimPartialChar(text)))
            throw new ImportFileException("The file is not UTF-8 text; save it as UTF-8 (with or without a byte order mark) and upload it again.");

        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return text[start] switch
        {
            (byte)'[' => ImportFormat.Json,
            (byte)'{' => ImportFormat.Ndjson,
            _ when ext is ".json" or ".ndjson" or ".jsonl" =>
                throw new ImportFileException($"The file is named {ext} but does not start with '[' (a JSON array of people) or '{{' (NDJSON, one person a line)."),
            _ => ImportFormat.Csv,
        };
    }

    // A read of the first N bytes can end inside a multi-byte character.
    static ReadOnlySpan<byte> TrimPartialChar(ReadOnlySpan<byte> text)
    {
        var cut = text.Length;
        for (var i = 1; i <= 3 && i <= text.Length; i++)
        {
            var b = text[^i];
            if ((b & 0xC0) == 0x80) continue; // continuation byte
            if (b >= 0xC0) cut = text.Length - i; // a lead byte whose sequence may be incomplete
            break;
        }
        return text[..cut];
    }
}
