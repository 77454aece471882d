using System.Globalization;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>
/// The people list's query string, read and written in one place: the REST list (GET /people), the export
/// download and the people page's address all use these names and rules
/// (<c>limit, offset, status, search, created_since, updated_since, sort</c>).
/// </summary>
public static class PeopleQueryCodec
{
    /// <summary>
    /// Reads a query from parameters (<paramref name="get"/> returns a parameter's value or null). Each bad value
    /// is noted in <paramref name="errors"/> by its parameter name and left at its default in the result, so a
    /// caller that forgives bad input (a bookmarked page) can use the result as it is.
    /// </summary>
    public static PeopleQuery Read(Func<string, string?> get, ValidationErrors errors)
    {
        var reader = new QueryReader(errors);
        var sortText = Blank(get("sort"));
        var sort = PeopleQuery.DefaultSort;
        if (sortText is not null && !PeopleSorts.TryParse(sortText, out sort))
        {
            errors.Add("sort", $"must be one of {string.Join(", ", PeopleSorts.Names)}");
            sort = PeopleQuery.DefaultSort;
        }
        var query = new PeopleQuery
        {
            Limit = reader.Int("limit", get("limit"), PeopleQuery.DefaultLimit),
            Offset = reader.Int("offset", get("offset"), 0),
            Status = Blank(get("status")),
            Search = Blank(get("search"))?.Trim(),
            CreatedSince = reader.Time("created_since", Blank(get("created_since"))),
            UpdatedSince = reader.Time("updated_since", Blank(get("updated_since"))),
            Sort = sort,
        };
        query.Validate(errors);
        return query with
        {
            Limit = errors.Has("limit") ? PeopleQuery.DefaultLimit : query.Limit,
            Offset = errors.Has("offset") ? 0 : query.Offset,
            Status = errors.Has("status") ? null : query.Status,
        };
    }

    /// <summary>The query's parameters in a fixed order, defaults left out; limit and offset only when <paramref name="paging"/>.</summary>
    public static List<KeyValuePair<string, string>> Parameters(PeopleQuery q, bool paging = false)
    {
        var parts = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(q.Search)) parts.Add(new("search", q.Search));
        if (q.Status is not null) parts.Add(new("status", q.Status));
        if (q.CreatedSince is { } cs) parts.Add(new("created_since", Time(cs)));
        if (q.UpdatedSince is { } us) parts.Add(new("updated_since", Time(us)));
        if (q.Sort != PeopleQuery.DefaultSort) parts.Add(new("sort", PeopleSorts.ToName(q.Sort)));
        if (paging && q.Limit != PeopleQuery.DefaultLimit) parts.Add(new("limit", q.Limit.ToString(CultureInfo.InvariantCulture)));
        if (paging && q.Offset != 0) parts.Add(new("offset", q.Offset.ToString(CultureInfo.InvariantCulture)));
        return parts;
    }

    /// <summary>"?name=value&amp;…" (escaped), or "" when every parameter has its default.</summary>
    public static string ToQueryString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = string.Join("&", parameters.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return text.Length == 0 ? "" : "?" + text;
    }

    public static string ToQueryString(PeopleQuery q, bool paging = false) => ToQueryString(Parameters(q, paging));

    /// <summary>Midnight UTC as a plain date (what the date pickers set), any other instant in RFC 3339.</summary>
    static string Time(DateTimeOffset t) =>
        t.Offset == TimeSpan.Zero && t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Timestamps.Format(t);

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
