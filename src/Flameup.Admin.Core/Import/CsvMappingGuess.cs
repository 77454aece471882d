using Flameup.Admin.Core.People;
namespace Flameup.Admin.Core.Import;

/// <summary>Guesses the mapping of a CSV file from its header names and the cells of its first rows.</summary>
public static class CsvMappingGuess
{
    static readonly string[] UserIdNames = ["userid", "user", "externalid", "customerid", "uid"];
    static readonly string[] EmailNames = ["email", "emailaddress", "mail"];
    static readonly string[] StatusNames = ["status", "subscriptionstatus"];
    static readonly string[] IgnoredNames = ["createdat", "updatedat", "workspaceid"];

    /// <summary>The mapping, and warnings about columns it had to ignore.</summary>
    public static (CsvMapping Mapping, IReadOnlyList<string> Warnings) Guess(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> sampleRows)
    {
        var warnings = new List<string>();
        var names = headers.Select(Normalize).ToArray();
        var userId = Find(names, UserIdNames) ?? Find(names, ["id"]);
        var email = Find(names, EmailNames);
        var status = Find(names, StatusNames);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var columns = new List<ColumnMapping>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = CsvCells.Unescape(headers[i].Trim()); // an exported '=key column is the trait =key
            var key = header.StartsWith("traits.", StringComparison.Ordinal) ? header["traits.".Length..] : header;
            var role = i == userId ? ColumnRole.UserId
                : i == email ? ColumnRole.Email
                : i == status ? ColumnRole.Status
                : IgnoredNames.Contains(names[i]) ? ColumnRole.Ignore
                : ColumnRole.Trait;
            if (role == ColumnRole.Trait && key.Length == 0)
            {
                role = ColumnRole.Ignore;
                warnings.Add($"Column {i + 1} has no name and is ignored; give it a trait name to import it.");
            }
            else if (role == ColumnRole.Trait && seen.TryGetValue(key, out var first))
            {
                role = ColumnRole.Ignore;
                warnings.Add($"Column {i + 1} is named '{header}' like column {first + 1} and is ignored; rename its trait to import it.");
            }
            if (role == ColumnRole.Trait) seen[key] = i;
            var type = role == ColumnRole.Trait ? TraitValues.Detect(sampleRows.Select(r => i < r.Count ? CsvCells.Unescape(r[i]) : null)) : TraitType.Text;
            columns.Add(new ColumnMapping { Index = i, Header = headers[i], Role = role, Type = type, TraitKey = key });
        }
        return (new CsvMapping { Columns = columns }, warnings);
    }

    /// <summary>user_id, User ID, e-mail and userId all compare equal to their plain lowercase letters.</summary>
    public static string Normalize(string header) =>
        new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    static int? Find(string[] names, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            var i = Array.IndexOf(names, candidate);
            if (i >= 0) return i;
        }
        return null;
    }
}
