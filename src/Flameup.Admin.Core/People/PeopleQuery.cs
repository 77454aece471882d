using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

public enum PeopleSort { CreatedDesc, CreatedAsc, UpdatedDesc, UpdatedAsc, EmailAsc, EmailDesc }

public static class PeopleSorts
{
    static readonly Dictionary<string, PeopleSort> ByName = new(StringComparer.Ordinal)
    {
        ["-created_at"] = PeopleSort.CreatedDesc,
        ["created_at"] = PeopleSort.CreatedAsc,
        ["-updated_at"] = PeopleSort.UpdatedDesc,
        ["updated_at"] = PeopleSort.UpdatedAsc,
        ["email"] = PeopleSort.EmailAsc,
        ["-email"] = PeopleSort.EmailDesc,
    };

    public static IEnumerable<string> Names => ByName.Keys;
    public static bool TryParse(string? text, out PeopleSort sort) => ByName.TryGetValue(text ?? "", out sort);
    public static string ToName(PeopleSort sort) => ByName.First(p => p.Value == sort).Key;
}

/// <summary>A page of the people list: filters, sort and paging (API.md GET /people).</summary>
public sealed record PeopleQuery
{
    public const int MaxLimit = 500;
    public const int DefaultLimit = 50;
    public const PeopleSort DefaultSort = PeopleSort.CreatedDesc;
    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
    public string? Status { get; init; }
    public string? Search { get; init; }
    public DateTimeOffset? CreatedSince { get; init; }
    public DateTimeOffset? UpdatedSince { get; init; }
    public PeopleSort Sort { get; init; } = DefaultSort;

    public void Validate(ValidationErrors errors)
    {
        if (Limit is < 1 or > MaxLimit) errors.Add("limit", $"must be between 1 and {MaxLimit}");
        if (Offset < 0) errors.Add("offset", "must be 0 or more");
        if (Status is not null && !PersonStatus.IsValid(Status)) errors.Add("status", $"must be one of {string.Join(", ", PersonStatus.All)}");
    }
}

public sealed record PeoplePage(IReadOnlyList<Person> People, long Total, int Limit, int Offset);

/// <summary>How a search text matches: as one substring, case-insensitively, in every storage.</summary>
public static class SearchText
{
    /// <summary>A LIKE pattern (escape character '\') matching <paramref name="search"/> as one substring.</summary>
    public static string LikePattern(string search) =>
        "%" + search.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

/// <summary>GET /people/search: every criterion given must match.</summary>
public sealed record PeopleSearch
{
    public const int MaxLimit = 100;
    public string? Q { get; init; }
    public string? Email { get; init; }
    public string? UserId { get; init; }
    public int Limit { get; init; } = 10;

    public void Validate(ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(Q) && string.IsNullOrEmpty(Email) && string.IsNullOrEmpty(UserId))
            errors.Add("q", "give at least one of q, email or userId");
        if (Limit is < 1 or > MaxLimit) errors.Add("limit", $"must be between 1 and {MaxLimit}");
    }
}
