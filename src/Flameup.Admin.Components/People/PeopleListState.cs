using System.Globalization;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
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
    public const PeopleSort DefaultSort = PeopleQuery.DefaultSort;

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

    /// <summary>Reads the state from a URL (filters and sort by the one people-query codec); unknown or malformed values fall back to the defaults.</summary>
    public static PeopleListState FromUri(string uri)
    {
        var q = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;
        var query = PeopleQueryCodec.Read(Get, new ValidationErrors()); // a bookmark is forgiven: bad values are dropped

        var size = int.TryParse(Get("size"), out var s) && PageSizes.Contains(s) ? s : DefaultPageSize;
        return new PeopleListState
        {
            Search = query.Search,
            Status = query.Status,
            CreatedSince = Date(query.CreatedSince),
            UpdatedSince = Date(query.UpdatedSince),
            Sort = query.Sort,
            Page = int.TryParse(Get("page"), out var p) && p >= 1 ? p : 1,
            PageSize = size,
        };
    }

    /// <summary>The query string for this state, starting with '?' (or empty for the defaults).</summary>
    public string ToQueryString()
    {
        var parts = PeopleQueryCodec.Parameters(ToQuery());
        if (Page != 1) parts.Add(new("page", Page.ToString(CultureInfo.InvariantCulture)));
        if (PageSize != DefaultPageSize) parts.Add(new("size", PageSize.ToString(CultureInfo.InvariantCulture)));
        return PeopleQueryCodec.ToQueryString(parts);
    }

    static DateOnly? Date(DateTimeOffset? t) => t is { } v ? DateOnly.FromDateTime(v.UtcDateTime) : null;
}
