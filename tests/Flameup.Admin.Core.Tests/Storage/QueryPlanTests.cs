using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core.Demo;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>
/// The SQL that serves list, search and stats — the very commands the store builds — is answered from
/// its indexes: SQLite's EXPLAIN QUERY PLAN shows no scan of people.
/// </summary>
public sealed class QueryPlanTests : IAsyncLifetime
{
    const string Ws = "ws_plan";
    readonly TestDatabase _db = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.Services.GetRequiredService<WorkspaceService>().EnsureAsync(Ws);
        await DemoSeeder.SeedAsync(_db.Database, Ws, 2000);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    async Task<string> PlanAsync(Func<SqliteConnection, SqliteCommand> build)
    {
        await using var c = await _db.Database.OpenAsync();
        string sql;
        List<(string, object)> parameters;
        await using (var original = build(c))
        {
            sql = original.CommandText;
            parameters = original.Parameters.Cast<SqliteParameter>().Select(p => (p.ParameterName, p.Value!)).ToList();
        }
        await using var explain = c.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value);
        var lines = new List<string>();
        await using var r = await explain.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add(r.GetString(3));
        return string.Join(" | ", lines);
    }

    static void NoScanOfPeople(string plan) => Assert.DoesNotMatch(@"\bSCAN (p|people)\b", plan);

    [Fact]
    public async Task List_pages_walk_the_covering_index()
    {
        var first = await PlanAsync(c => PeopleStore.ListCommand(c, Ws, new PeopleQuery()));
        NoScanOfPeople(first);
        Assert.Contains("COVERING INDEX ix_people_ws_created", first);

        var deep = await PlanAsync(c => PeopleStore.ListCommand(c, Ws, new PeopleQuery { Offset = 500_000, Sort = PeopleSort.EmailAsc }));
        NoScanOfPeople(deep);
        Assert.Contains("COVERING INDEX ix_people_ws_email", deep);

        NoScanOfPeople(await PlanAsync(c => PeopleStore.CountCommand(c, Ws, new PeopleQuery { Status = "active" })));
    }

    [Fact]
    public async Task Substring_search_and_its_total_are_driven_by_the_trigram_index()
    {
        var query = new PeopleQuery { Search = "acme" };
        foreach (var plan in new[]
        {
            await PlanAsync(c => PeopleStore.ListCommand(c, Ws, query)),
            await PlanAsync(c => PeopleStore.CountCommand(c, Ws, query)),
            await PlanAsync(c => PeopleStore.SearchCommand(c, Ws, new PeopleSearch { Q = "acme" })),
        })
        {
            NoScanOfPeople(plan);
            Assert.Contains("VIRTUAL TABLE INDEX", plan);
            Assert.Contains("SEARCH p USING INTEGER PRIMARY KEY", plan);
        }
    }

    [Fact]
    public async Task Exact_email_and_user_id_search_use_their_indexes_not_the_sort_order()
    {
        var email = await PlanAsync(c => PeopleStore.SearchCommand(c, Ws, new PeopleSearch { Email = "A@B.C" }));
        NoScanOfPeople(email);
        Assert.Contains("ix_people_ws_email", email);

        var user = await PlanAsync(c => PeopleStore.SearchCommand(c, Ws, new PeopleSearch { UserId = "user_0000001", Q = "jo" }));
        NoScanOfPeople(user);
        Assert.Contains("ux_people_ws_user", user);
    }

    [Fact]
    public async Task Stats_read_counters_and_count_only_one_hour_by_index()
    {
        var recent = await PlanAsync(c => c.Command(SqliteSearchSchema.CountCreatedSince).With("@ws", Ws).With("@since", 1_700_000_000_000L));
        NoScanOfPeople(recent);
        Assert.Contains("ix_people_ws_created", recent);
        Assert.DoesNotContain("SCAN", await PlanAsync(c => c.Command("SELECT status, n FROM people_counts WHERE workspace_id = @ws").With("@ws", Ws)));
    }

    [Fact]
    public async Task Recent_is_exact_across_the_partial_first_hour()
    {
        var since = _db.Clock.GetUtcNow() - Flameup.Admin.Core.Stats.StatsService.RecentWindow;
        var expected = await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}' AND created_at >= {since.ToUnixTimeMilliseconds()}");
        Assert.True(expected > 0);
        Assert.Equal(expected, (await _db.Stats.GetAsync(Ws)).Recent);
        // Half an hour later the window's first hour is partial: still exact.
        _db.Clock.Advance(TimeSpan.FromMinutes(30));
        since = _db.Clock.GetUtcNow() - Flameup.Admin.Core.Stats.StatsService.RecentWindow;
        expected = await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}' AND created_at >= {since.ToUnixTimeMilliseconds()}");
        Assert.Equal(expected, (await _db.Stats.GetAsync(Ws)).Recent);
    }
}
