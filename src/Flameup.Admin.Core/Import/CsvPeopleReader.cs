using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// Reads people from CSV with CsvHelper: comma, semicolon, tab or pipe separated (detected), quoted fields
/// with separators and line breaks inside, UTF-8 with or without a byte order mark. Each row becomes a
/// <see cref="PersonInput"/> through a <see cref="CsvMapping"/>, or a failed record naming its line and why.
/// </summary>
public static class CsvPeopleReader
{
    /// <summary>A person is at most 64 KiB of traits; a record much larger is an unclosed quote swallowing the file.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    public static CsvReaderOptions Options(Action<CsvMalformedRecord>? onMalformed = null) => new()
    {
        HasHeader = true,
        TrackLineNumbers = true,
        MaxRecordSize = MaxRecordBytes,
        OnMalformedRecord = onMalformed,
    };

    public static CsvReader Open(Stream stream, Action<CsvMalformedRecord>? onMalformed = null) =>
        CsvReader.Create(stream, Options(onMalformed), leaveOpen: true);

    /// <summary>The header row, or an <see cref="ImportFileException"/> for a file with none.</summary>
    public static async Task<IReadOnlyList<string>> ReadHeaderAsync(CsvReader csv, CancellationToken ct)
    {
        try
        {
            await csv.ReadHeaderAsync(ct);
        }
        catch (CsvFormatException e)
        {
            throw Malformed(e);
        }
        var headers = csv.Headers.ToArray();
        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
            throw new ImportFileException("The first line of the CSV file is empty; it must be a header row naming the columns (for example userId,email,status,plan).");
        return headers;
    }

    /// <summary>Reads the rows after <paramref name="skipRows"/> data rows (to resume an import).</summary>
    public static async IAsyncEnumerable<ImportRecord> ReadAsync(Stream stream, CsvMapping mapping, long skipRows,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        // Quoting problems are reported by record number (header included) while the reader moves on.
        var malformed = new Dictionary<long, CsvMalformedReason>();
        await using var csv = Open(stream, m =>
        {
            if (m.Reason is CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.TextAfterClosingQuote)
                malformed[m.RecordNumber] = m.Reason;
        });
        var headers = await ReadHeaderAsync(csv, ct);
        while (true)
        {
            bool more;
            try
            {
                more = await csv.ReadAsync(ct);
            }
            catch (CsvFormatException e)
            {
                throw Malformed(e);
            }
            if (!more) yield break;
            if (csv.RowNumber <= skipRows) continue;
            var line = csv.LineNumber;
            if (malformed.Remove(csv.RowNumber + 1, out var reason))
            {
                yield return new ImportRecord
                {
                    Line = line, RowNumber = csv.RowNumber, Raw = ImportRecord.Clip(Raw(csv)),
                    Error = reason == CsvMalformedReason.UnterminatedQuote
                        ? "a quoted field is never closed (a \" is missing)"
                        : "text follows the closing quote of a field; quote the whole field and double the quotes inside it (\"\")",
                };
                continue;
            }
            yield return ToRecord(csv, headers.Count, mapping);
        }
    }

    static ImportRecord ToRecord(CsvReader csv, int headerCount, CsvMapping mapping)
    {
        var line = csv.LineNumber;
        var row = csv.RowNumber;
        if (csv.FieldCount != headerCount)
            return new ImportRecord
            {
                Line = line, RowNumber = row, Raw = ImportRecord.Clip(Raw(csv)),
                Error = $"has {csv.FieldCount} {(csv.FieldCount == 1 ? "field" : "fields")} but the header has {headerCount}; " +
                        "check for a missing or extra separator, or a value with a separator that is not in quotes",
            };
        var cells = new string[csv.FieldCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i) ?? "";
        return ToRecord(cells, mapping, line, row, () => Raw(csv));
    }

    /// <summary>Turns the cells of one row into a person, or a failed record with every reason.</summary>
    public static ImportRecord ToRecord(IReadOnlyList<string> cells, CsvMapping mapping, long line, long row, Func<string> raw)
    {
        var input = new PersonInput();
        var errors = new ValidationErrors();
        JsonObject? traits = null;
        foreach (var col in mapping.Columns)
        {
            if (col.Role == ColumnRole.Ignore || col.Index >= cells.Count) continue;
            var cell = CsvCells.Unescape(cells[col.Index]);
            var empty = string.IsNullOrWhiteSpace(cell);
            switch (col.Role)
            {
                case ColumnRole.UserId:
                    input.UserIdGiven = true;
                    if (!empty) input.UserId = cell.Trim();
                    break;
                case ColumnRole.Email:
                    if (!empty) { input.EmailGiven = true; input.Email = cell; }
                    else if (mapping.EmptyCells == EmptyCells.Remove) { input.EmailGiven = true; input.Email = null; }
                    break;
                case ColumnRole.Status:
                    if (!empty) { input.StatusGiven = true; input.Status = cell.Trim().ToLowerInvariant(); }
                    break;
                case ColumnRole.Trait:
                    if (cell.Length == 0 || empty && col.Type != TraitType.Text)
                    {
                        if (mapping.EmptyCells == EmptyCells.Remove) (traits ??= [])[col.TraitKey] = null;
                    }
                    else if (TraitValues.TryParse(cell, col.Type, out var value, out var error))
                        (traits ??= [])[col.TraitKey] = value;
                    else
                        errors.Add($"traits.{col.TraitKey}", $"'{Shown(cell)}' is {error} (the column is set to {TraitValues.Name(col.Type)})");
                    break;
            }
        }
        input.Traits = traits;
        if (input.UserIdGiven && input.UserId is null && !errors.Has("userId"))
            errors.Add("userId", "is empty; every row needs a userId");
        return ImportRecord.Checked(line, row, input, errors, raw());
    }

    static string Raw(CsvReader csv) => Encoding.UTF8.GetString(csv.RawRecord);

    static ImportFileException Malformed(CsvFormatException e)
    {
        var where = e.LineNumber > 0 ? $"line {e.LineNumber}" : e.RecordNumber > 0 ? $"record {e.RecordNumber}" : "the file";
        var why = e.Message.Contains("too large", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("MaxRecordSize", StringComparison.Ordinal)
            ? $"a row is larger than {MaxRecordBytes / 1024 / 1024} MiB, which usually means a quoted field is never closed (a \" is missing)"
            : e.Message;
        return new ImportFileException($"The CSV cannot be read from {where}: {why}.");
    }

    /// <summary>A cell as quoted in an error: at most 40 characters.</summary>
    static string Shown(string cell) => cell.Length <= 40 ? cell : cell[..37] + "...";
}
