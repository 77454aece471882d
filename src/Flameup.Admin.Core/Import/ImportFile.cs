using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Import;

/// <summary>What an uploaded file holds, found before anything is imported: its format, columns and a guessed mapping.</summary>
public sealed record ImportInspection
{
    public required ImportFormat Format { get; init; }
    /// <summary>CSV only: the header names, in order.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];
    /// <summary>CSV only: the guessed mapping.</summary>
    public CsvMapping? Mapping { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>CSV only: the separator found.</summary>
    public char Separator { get; init; }
    /// <summary>CSV only: the cells of the first data row, to show what each column holds.</summary>
    public IReadOnlyList<string> FirstRow { get; init; } = [];
}

/// <summary>Opens import files: detects the format, inspects them, and reads their rows as people.</summary>
public static class ImportFile
{
    public const int PreviewRows = 20;
    const int SampleRows = 1000;

    public static async Task<ImportFormat> DetectAsync(string path, string fileName, CancellationToken ct = default)
    {
        await using var stream = OpenRead(path);
        var head = new byte[ImportFormats.SniffBytes];
        var n = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        return ImportFormats.Detect(head.AsSpan(0, n), fileName, complete: n < head.Length);
    }

    /// <summary>Inspects a file; an <see cref="ImportFileException"/> says why it cannot be imported at all.</summary>
    public static async Task<ImportInspection> InspectAsync(string path, string fileName, CancellationToken ct = default)
    {
        var format = await DetectAsync(path, fileName, ct);
        if (format != ImportFormat.Csv)
        {
            await using var s = OpenRead(path);
            var any = false;
            await foreach (var _ in ReadAsync(s, format, null, 0, ct)) { any = true; break; }
            if (!any) throw new ImportFileException(format == ImportFormat.Json ? "The JSON array is empty; there is nothing to import." : "The file has no people in it.");
            return new ImportInspection { Format = format };
        }

        await using var stream = OpenRead(path);
        await using var csv = CsvPeopleReader.Open(stream);
        var headers = await CsvPeopleReader.ReadHeaderAsync(csv, ct);
        var rows = new List<IReadOnlyList<string>>();
        while (rows.Count < SampleRows && await ReadCsvAsync(csv, ct))
        {
            var cells = new string[csv.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i) ?? "";
            rows.Add(cells);
        }
        if (rows.Count == 0)
            throw new ImportFileException("The file has a header row but no rows of people below it.");
        var (mapping, warnings) = CsvMappingGuess.Guess(headers, rows);
        return new ImportInspection { Format = format, Headers = headers, Mapping = mapping, Warnings = warnings, Separator = csv.Separator, FirstRow = rows[0] };
    }

    static async Task<bool> ReadCsvAsync(CsvHelper.CsvReader csv, CancellationToken ct)
    {
        try { return await csv.ReadAsync(ct); }
        catch (CsvHelper.CsvFormatException e) { throw new ImportFileException($"The CSV cannot be read near line {e.LineNumber}: {e.Message}"); }
    }

    /// <summary>The rows of a file as people, after <paramref name="skipRows"/> data rows; CSV needs a mapping.</summary>
    public static IAsyncEnumerable<ImportRecord> ReadAsync(Stream stream, ImportFormat format, CsvMapping? mapping, long skipRows, CancellationToken ct = default) =>
        format switch
        {
            ImportFormat.Json => JsonPeopleReader.ReadAsync(stream, skipRows, ct),
            ImportFormat.Ndjson => NdjsonPeopleReader.ReadAsync(stream, skipRows, ct),
            _ => CsvPeopleReader.ReadAsync(stream, mapping ?? throw new ArgumentNullException(nameof(mapping), "CSV needs a mapping"), skipRows, ct),
        };

    /// <summary>The first rows as they will be stored, invalid ones with their reason.</summary>
    public static async Task<IReadOnlyList<ImportRecord>> PreviewAsync(string path, ImportFormat format, CsvMapping? mapping, int rows = PreviewRows, CancellationToken ct = default)
    {
        var list = new List<ImportRecord>();
        await using var stream = OpenRead(path);
        await foreach (var record in ReadAsync(stream, format, mapping, 0, ct))
        {
            list.Add(record);
            if (list.Count >= rows) break;
        }
        return list;
    }

    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
