using Flameup.Admin.Components.People;
using Flameup.Admin.Components.Workspaces;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Components.Tests;

public sealed class PeopleListStateTests
{
    [Fact]
    public void The_defaults_make_a_clean_url()
    {
        var state = PeopleListState.FromUri("http://localhost/w/ws_demo/people");
        Assert.Equal(new PeopleListState(), state);
        Assert.Equal("", state.ToQueryString());
        Assert.Equal(new PeopleQuery { Limit = 50 }, state.ToQuery());
    }

    [Fact]
    public void Every_part_round_trips_through_the_url()
    {
        var state = new PeopleListState
        {
            Search = "jane doe & co",
            Status = PersonStatus.Bounced,
            CreatedSince = new DateOnly(2025, 1, 2),
            UpdatedSince = new DateOnly(2025, 3, 4),
            Sort = PeopleSort.EmailDesc,
            Page = 3,
            PageSize = 100,
        };
        var qs = state.ToQueryString();
        Assert.Equal("?search=jane%20doe%20%26%20co&status=bounced&created_since=2025-01-02&updated_since=2025-03-04&sort=-email&page=3&size=100", qs);
        Assert.Equal(state, PeopleListState.FromUri("http://localhost/w/ws_demo/people" + qs));

        var query = state.ToQuery();
        Assert.Equal(200, query.Offset);
        Assert.Equal(100, query.Limit);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), query.CreatedSince);
    }

    [Fact]
    public void Malformed_values_fall_back_to_the_defaults()
    {
        var state = PeopleListState.FromUri("http://localhost/w/ws_demo/people?status=gone&size=7&page=-2&sort=name&created_since=yesterday");
        Assert.Equal(new PeopleListState(), state);
    }

    [Theory]
    [InlineData("w/ws_demo/people/123?x=1", "ws_demo", "people")]
    [InlineData("w/ws_a", "ws_a", null)]
    public void Workspace_routes_parse_the_current_workspace(string path, string ws, string? section)
    {
        Assert.True(WorkspaceRoutes.TryParse(path, out var id, out var s));
        Assert.Equal(ws, id);
        Assert.Equal(section, s);
        Assert.False(WorkspaceRoutes.TryParse("account/login", out _, out _));
    }

    [Fact]
    public void Switching_workspace_keeps_the_section_only()
    {
        Assert.Equal("/w/ws_b/people", WorkspaceRoutes.Switch("w/ws_a/people/0195?search=x", "ws_b"));
        Assert.Equal("/w/ws_b/dashboard", WorkspaceRoutes.Switch("", "ws_b"));
    }

    [Theory]
    [InlineData("Jane Doe", "JD")]
    [InlineData("jane.doe@example.com", "JD")]
    [InlineData("user_123", "U1")]
    [InlineData("madonna", "MA")]
    [InlineData(null, "?")]
    public void Initials(string? text, string expected) => Assert.Equal(expected, PersonInitials.Of(text));
}
