#if POSTGRES
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>
/// The SQL that serves list, search and the search endpoint on PostgreSQL — the very commands the store builds — is
/// answered from its indexes: EXPLAIN shows no sequential scan of people (the SQLite side: QueryPlanTests).
/// </summary>
public sealed class PgQueryPlanTests : IAsyncLifetime
{
    const string Ws = "ws_plan";
    readonly TestDatabase _db = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.Services.GetRequiredService<WorkspaceService>().EnsureAsync(Ws);
        await _db.Services.GetRequiredService<IDemoSeeder>().SeedAsync(Ws, 20_000);
        // Planner statistics as a workspace of this size has them once autovacuum has been by.
        await using var c = await Pg.OpenAsync();
        foreach (var table in new[] { "people", "people_search" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", c);
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    PgDatabase Pg => _db.Services.GetRequiredService<PgDatabase>();

    async Task<string> PlanAsync(Func<NpgsqlConnection, NpgsqlCommand> build)
    {
        await using var c = await Pg.OpenAsync();
        await using var original = build(c);
        original.CommandText = "EXPLAIN " + original.CommandText;
        var lines = new List<string>();
        await using var r = await original.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add(r.GetString(0));
        return string.Join("\n", lines);
    }

    static void NoSeqScanOfPeople(string plan) => Assert.DoesNotContain("Seq Scan on people", plan); // people_search too

    [Fact]
    public async Task List_pages_walk_an_index_alone()
    {
        var first = await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws, new PeopleQuery()));
        NoSeqScanOfPeople(first);
        Assert.Contains("Index Only Scan Backward using ix_people_ws_created", first);

        var deep = await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws, new PeopleQuery { Offset = 10_000, Sort = PeopleSort.EmailAsc }));
        NoSeqScanOfPeople(deep);
        Assert.Contains("Index Only Scan using ix_people_ws_email", deep);

        var updated = await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws,
            new PeopleQuery { Sort = PeopleSort.UpdatedAsc, UpdatedSince = DateTimeOffset.UtcNow.AddDays(-30) }));
        NoSeqScanOfPeople(updated);
        Assert.Contains("ix_people_ws_updated", updated);

        NoSeqScanOfPeople(await PlanAsync(c => PgPeopleStore.CountCommand(c, Ws, new PeopleQuery { Status = "active" })));
    }

    [Fact]
    public async Task Substring_search_and_its_total_are_driven_by_the_trigram_index_of_the_narrow_table()
    {
        var query = new PeopleQuery { Search = "acme" };
        // The page in created_at order, its total and the search endpoint read people_search alone, not people's rows.
        foreach (var plan in new[]
        {
            await PlanAsync(c => PgPeopleStore.CountCommand(c, Ws, query)),
            await PlanAsync(c => PgPeopleStore.CountCommand(c, Ws, query with { Sort = PeopleSort.EmailDesc })),
            await PlanAsync(c => PgPeopleStore.CountCommand(c, Ws, query with { Status = "bounced" })),
        })
        {
            NoSeqScanOfPeople(plan);
            Assert.Contains("Bitmap Index Scan on ix_people_search_trgm", plan);
            Assert.DoesNotContain(" on people p", plan);
        }
        foreach (var plan in new[]
        {
            await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws, query)),
            await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws, query with { Status = "active", Sort = PeopleSort.CreatedAsc })),
            await PlanAsync(c => PgPeopleStore.SearchCommand(c, Ws, new PeopleSearch { Q = "acme" })),
        })
        {
            NoSeqScanOfPeople(plan);
            Assert.Contains("Bitmap Index Scan on ix_people_search_trgm", plan);
            // people is read only for the page's own rows, by id.
            Assert.Contains("Index Scan using ux_people_ws_id on people p", plan);
            Assert.DoesNotContain("Bitmap Heap Scan on people ", plan);
        }
        // A condition the narrow table lacks (updated_at, another order) joins each hit to its row by id.
        foreach (var plan in new[]
        {
            await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws, query with { UpdatedSince = DateTimeOffset.UtcNow.AddDays(-30) })),
            await PlanAsync(c => PgPeopleStore.ListCommand(c, Ws, query with { Sort = PeopleSort.UpdatedDesc })),
        })
        {
            NoSeqScanOfPeople(plan);
            Assert.Contains("Bitmap Index Scan on ix_people_search_trgm", plan);
        }
    }

    [Fact]
    public async Task Bulk_seeding_leaves_every_index_in_place_and_the_counters_exact()
    {
        await using var c = await Pg.OpenAsync();
        await using var indexes = new NpgsqlCommand(
            "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('people', 'people_search', 'person_events')", c);
        Assert.Equal("ix_events_ws_anonymous,ix_events_ws_person_time,ix_events_ws_time,ix_people_search_trgm,ix_people_ws_created,ix_people_ws_email," +
            "ix_people_ws_updated,people_pkey,people_search_pkey,person_events_pkey,ux_people_ws_id,ux_people_ws_user",
            (string?)await indexes.ExecuteScalarAsync());
        var stats = await _db.Stats.GetAsync(Ws);
        Assert.Equal(20_000, stats.Total);
        await using var active = new NpgsqlCommand($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}' AND status = 'active'", c);
        Assert.Equal((long)(await active.ExecuteScalarAsync())!, stats.Active);
    }

    [Fact]
    public async Task Email_lookup_is_case_insensitive_through_its_index()
    {
        var plan = await PlanAsync(c => PgPeopleStore.SearchCommand(c, Ws, new PeopleSearch { Email = "Someone@Acme.IO", Q = "some" }));
        NoSeqScanOfPeople(plan);
        Assert.Contains("ix_people_ws_email", plan);

        var stored = (await _db.People.ListAsync(Ws, new PeopleQuery { Limit = 1 })).People[0];
        var found = await _db.People.SearchAsync(Ws, new PeopleSearch { Email = stored.Email!.ToUpperInvariant() });
        Assert.Equal(stored.Id, Assert.Single(found).Id);
    }
}
#endif
