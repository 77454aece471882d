using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// One row of an import file: where it is (line, data row number), the person it asks for, or why it cannot be imported.
/// </summary>
public sealed class ImportRecord
{
    /// <summary>The 1-based line of the file where the row starts.</summary>
    public required long Line { get; init; }
    /// <summary>The 1-based number of the data row (the header and blank lines are not counted).</summary>
    public required long RowNumber { get; init; }
    public PersonInput? Input { get; init; }
    public string? Error { get; init; }
    /// <summary>The row as it was in the file (clipped), for the failed-rows download.</summary>
    public string? Raw { get; init; }

    public bool IsValid => Error is null && Input is not null;

    public const int RawMax = 4000;

    public static string? Clip(string? raw) => raw is null || raw.Length <= RawMax ? raw : raw[..RawMax] + "…";

    /// <summary>Puts the input through the people gate (normalised, the API's rules); the record fails with every message when it breaks one.</summary>
    public static ImportRecord Checked(long line, long row, PersonInput input, ValidationErrors errors, string? raw)
    {
        PersonGate.Check(input, PersonRuleSet.Upsert, "", errors);
        return errors.IsEmpty
            ? new ImportRecord { Line = line, RowNumber = row, Input = input, Raw = raw }
            : new ImportRecord { Line = line, RowNumber = row, Error = Describe(errors), Raw = Clip(raw) };
    }

    public static string Describe(ValidationErrors errors) => Describe(errors.ToDictionary());

    public static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}

/// <summary>The file cannot be read at all (empty, binary, malformed beyond one row); the message says what to fix.</summary>
public sealed class ImportFileException(string message) : Exception(message);
