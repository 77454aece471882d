using Flameup.Admin.Core.People;
namespace Flameup.Admin.Core.Import;

/// <summary>What a CSV column becomes.</summary>
public enum ColumnRole { Trait, UserId, Email, Status, Ignore }

/// <summary>What an empty cell in a trait (or email) column does: leave the stored value alone, or remove it.</summary>
public enum EmptyCells { Skip, Remove }

/// <summary>One CSV column: its position and header, and what it becomes.</summary>
public sealed record ColumnMapping
{
    public required int Index { get; init; }
    public required string Header { get; init; }
    public ColumnRole Role { get; init; } = ColumnRole.Trait;
    public TraitType Type { get; init; } = TraitType.Text;
    /// <summary>The trait key the column is stored under (the header by default).</summary>
    public string TraitKey { get; init; } = "";
}

/// <summary>How the columns of a CSV file become people.</summary>
public sealed record CsvMapping
{
    public required IReadOnlyList<ColumnMapping> Columns { get; init; }
    public EmptyCells EmptyCells { get; init; } = EmptyCells.Skip;

    public CsvMapping With(ColumnMapping column) => this with
    {
        Columns = Columns.Select(c => c.Index == column.Index ? column : c).ToArray(),
    };

    /// <summary>Problems that stop an import from starting, each naming the columns involved.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var role in new[] { ColumnRole.UserId, ColumnRole.Email, ColumnRole.Status })
        {
            var cols = Columns.Where(c => c.Role == role).ToList();
            if (cols.Count > 1)
                problems.Add($"{Describe(cols)} are all mapped to {RoleName(role)}; choose one.");
        }
        if (!Columns.Any(c => c.Role == ColumnRole.UserId))
            problems.Add("No column is mapped to userId; every person needs one.");
        foreach (var group in Columns.Where(c => c.Role == ColumnRole.Trait).GroupBy(c => c.TraitKey, StringComparer.Ordinal))
        {
            if (group.Key.Length == 0)
                problems.Add($"{Describe(group.ToList())} {(group.Count() == 1 ? "has" : "have")} no trait name; give one or ignore the column.");
            else if (group.Count() > 1)
                problems.Add($"{Describe(group.ToList())} would all be stored as trait '{group.Key}'; rename or ignore all but one.");
            else
            {
                var errors = new Common.ValidationErrors();
                People.TraitRules.ValidatePatch(new System.Text.Json.Nodes.JsonObject { [group.Key] = 0 }, "traits", errors);
                foreach (var (_, messages) in errors.ToDictionary())
                    problems.Add($"{Describe(group.ToList())}: {messages[0]}.");
            }
        }
        return problems;
    }

    public static string RoleName(ColumnRole role) => role switch
    {
        ColumnRole.UserId => "userId",
        ColumnRole.Email => "email",
        ColumnRole.Status => "status",
        ColumnRole.Trait => "a trait",
        _ => "nothing (ignored)",
    };

    static string Describe(IReadOnlyList<ColumnMapping> cols) =>
        string.Join(" and ", cols.Select(c => $"column {c.Index + 1} ('{c.Header}')"));
}
