using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>The one reader and writer of the people list's query string (REST list, export, people page).</summary>
public sealed class PeopleQueryCodecTests
{
    static PeopleQuery Read(string queryString, ValidationErrors errors)
    {
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString);
        return PeopleQueryCodec.Read(n => parameters.TryGetValue(n, out var v) ? v.ToString() : null, errors);
    }

    [Fact]
    public void Every_parameter_round_trips()
    {
        var query = new PeopleQuery
        {
            Search = "jane & co", Status = PersonStatus.Bounced, Sort = PeopleSort.UpdatedAsc, Limit = 100, Offset = 200,
            CreatedSince = new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero),
            UpdatedSince = new DateTimeOffset(2025, 3, 4, 10, 30, 0, TimeSpan.Zero),
        };
        var text = PeopleQueryCodec.ToQueryString(query, paging: true);
        Assert.Equal("?search=jane%20%26%20co&status=bounced&created_since=2025-01-02&updated_since=2025-03-04T10%3A30%3A00Z&sort=updated_at&limit=100&offset=200", text);
        var errors = new ValidationErrors();
        Assert.Equal(query, Read(text, errors));
        Assert.True(errors.IsEmpty);
        Assert.Equal("", PeopleQueryCodec.ToQueryString(new PeopleQuery()));
    }

    [Fact]
    public void Search_is_trimmed_and_blank_filters_are_absent()
    {
        var errors = new ValidationErrors();
        var query = Read("?search=%20acme%20&status=&created_since=&sort=", errors);
        Assert.True(errors.IsEmpty);
        Assert.Equal(new PeopleQuery { Search = "acme" }, query);
        Assert.Null(Read("?search=%20%20", errors).Search);
    }

    [Fact]
    public void Each_bad_value_is_named_and_left_at_its_default()
    {
        var errors = new ValidationErrors();
        var query = Read("?limit=501&offset=-1&status=gone&sort=name&created_since=yesterday&updated_since=2025-13-01", errors);
        Assert.Equal(["created_since", "limit", "offset", "sort", "status", "updated_since"], errors.ToDictionary().Keys.Order());
        Assert.Equal(new PeopleQuery(), query);
    }
}
