using System.Globalization;
using Flameup.Admin.Core.People;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Flameup.Admin.Components.People;

/// <summary>
/// What the people table shows — search, filters, sort, page — read from and written to the URL's query string
/// (<c>?search=jane&amp;status=active&amp;created_since=2025-01-01&amp;sort=email&amp;page=2&amp;size=100</c>), so a view can be
/// bookmarked and the back button returns to it. Defaults are left out of the URL.
/// </summary>
public sealed record PeopleListState
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100, 500];
    public const int DefaultPageSize = 50;
    public const PeopleSort DefaultSort = PeopleSort.CreatedDesc;

    public string? Search { get; init; }
    public string? Status { get; init; }
    public DateOnly? CreatedSince { get; init; }
    public DateOnly? UpdatedSince { get; init; }
    public PeopleSort Sort { get; init; } = DefaultSort;
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasFilters => !string.IsNullOrEmpty(Search) || Status is not null || CreatedSince is not null || UpdatedSince is not null;

    public PeopleQuery ToQuery() => new()
    {
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        Status = Status,
        CreatedSince = CreatedSince is { } c ? new DateTimeOffset(c.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        UpdatedSince = UpdatedSince is { } u ? new DateTimeOffset(u.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        Sort = Sort,
        Limit = PageSize,
        Offset = (Page - 1) * PageSize,
    };

    /// <summary>Reads the state from a URL; unknown or malformed values fall back to the defaults.</summary>
    public static PeopleListState FromUri(string uri)
    {
        var query = new Uri(uri).Query;
        var q = QueryHelpers.ParseQuery(query);
        string? Get(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

        var size = int.TryParse(Get("size"), out var s) && PageSizes.Contains(s) ? s : DefaultPageSize;
        return new PeopleListState
        {
            Search = Get("search"),
            Status = PersonStatus.IsValid(Get("status")) ? Get("status") : null,
            CreatedSince = ParseDate(Get("created_since")),
            UpdatedSince = ParseDate(Get("updated_since")),
            Sort = PeopleSorts.TryParse(Get("sort"), out var sort) ? sort : DefaultSort,
            Page = int.TryParse(Get("page"), out var p) && p >= 1 ? p : 1,
            PageSize = size,
        };
    }

    /// <summary>The query string for this state, starting with '?' (or empty for the defaults).</summary>
    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrEmpty(Search)) parts.Add(new("search", Search));
        if (Status is not null) parts.Add(new("status", Status));
        if (CreatedSince is { } c) parts.Add(new("created_since", c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (UpdatedSince is { } u) parts.Add(new("updated_since", u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (Sort != DefaultSort) parts.Add(new("sort", PeopleSorts.ToName(Sort)));
        if (Page != 1) parts.Add(new("page", Page.ToString(CultureInfo.InvariantCulture)));
        if (PageSize != DefaultPageSize) parts.Add(new("size", PageSize.ToString(CultureInfo.InvariantCulture)));
        return parts.Count == 0 ? "" : QueryString.Create(parts).ToString();
    }

    static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
