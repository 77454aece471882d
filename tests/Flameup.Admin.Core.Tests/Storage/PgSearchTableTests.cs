#if POSTGRES
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>
/// people_search on PostgreSQL (the narrow table the substring search reads): after every kind of write — single and
/// batch upserts, a bulk (COPY) batch, edits of the userId, email or names, trait-only edits, single and bulk deletes,
/// demo seeding — it holds exactly one row per person with that person's created_at and lower-cased search text, and
/// the search (list page, total, search endpoint) finds exactly what a plain ILIKE over people finds.
/// </summary>
public sealed class PgSearchTableTests : IAsyncLifetime
{
    const string Ws = "ws_search";
    readonly TestDatabase _db = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.Services.GetRequiredService<WorkspaceService>().EnsureAsync(Ws);
        await _db.Services.GetRequiredService<WorkspaceService>().EnsureAsync("ws_other");
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    PgDatabase Pg => _db.Services.GetRequiredService<PgDatabase>();

    static JsonObject Names(string first, string last) => new() { ["first_name"] = first, ["last_name"] = last, ["plan"] = "pro" };

    async Task<long> ScalarAsync(string sql)
    {
        await using var c = await Pg.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Rows of people_search that people does not have, and the other way round: none when exact.</summary>
    async Task AssertMirrorsPeopleAsync()
    {
        const string mirror = "SELECT workspace_id, id, created_at, status, lower(search) FROM people";
        const string table = "SELECT workspace_id, id, created_at, status, search FROM people_search";
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM ({mirror} EXCEPT ALL {table}) extra"));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM ({table} EXCEPT ALL {mirror}) missing"));
        Assert.Equal(await ScalarAsync("SELECT count(*) FROM people"), await ScalarAsync("SELECT count(*) FROM people_search"));
    }

    async Task<List<Guid>> IdsAsync(string term, string? status = null)
    {
        await using var c = await Pg.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT id FROM people WHERE workspace_id = @ws AND search ILIKE @like AND (@status::text IS NULL OR status = @status)
            ORDER BY created_at DESC, id DESC
            """, c);
        cmd.Parameters.AddWithValue("ws", Ws);
        cmd.Parameters.AddWithValue("like", SearchText.LikePattern(term));
        cmd.Parameters.Add(new NpgsqlParameter("status", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value });
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>The product's search (list pages in several orders and with a status, totals, the search endpoint) against a plain ILIKE over people.</summary>
    async Task AssertFindsAsync(string term)
    {
        var expected = await IdsAsync(term);
        var page = await _db.People.ListAsync(Ws, new PeopleQuery { Search = term, Limit = 500 });
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected, page.People.Select(p => p.Id));
        var oldestFirst = await _db.People.ListAsync(Ws, new PeopleQuery { Search = term, Limit = 500, Sort = PeopleSort.CreatedAsc });
        Assert.Equal(Enumerable.Reverse(expected), oldestFirst.People.Select(p => p.Id));
        foreach (var status in PersonStatus.All)
        {
            var ofStatus = await _db.People.ListAsync(Ws, new PeopleQuery { Search = term, Limit = 500, Status = status });
            var expectedOfStatus = await IdsAsync(term, status);
            Assert.Equal(expectedOfStatus.Count, ofStatus.Total);
            Assert.Equal(expectedOfStatus, ofStatus.People.Select(p => p.Id));
        }
        var byEmail = await _db.People.ListAsync(Ws, new PeopleQuery { Search = term, Limit = 500, Sort = PeopleSort.EmailAsc });
        Assert.Equal(expected.Order(), byEmail.People.Select(p => p.Id).Order());
        var found = await _db.People.SearchAsync(Ws, new PeopleSearch { Q = term, Limit = 100 });
        Assert.Equal(expected.Take(100), found.Select(p => p.Id));
    }

    [Fact]
    public async Task The_search_table_follows_every_kind_of_write_and_finds_what_people_holds()
    {
        var people = _db.People;
        // Created one by one, in an API batch, and in a bulk batch (over 128 people: binary COPY).
        var ada = (await people.UpsertAsync(Actor.System, Ws, PersonInput.For("u_ada", "Ada@Acme.io", Names("Ada", "Lovelace")))).Person;
        await people.BatchUpsertAsync(Actor.System, Ws, Enumerable.Range(0, 60)
            .Select(i => PersonInput.For($"u_batch_{i:D3}", i % 3 == 0 ? $"b{i}@ACME.io" : null, Names($"Grace{i}", "Hopper"))).ToList());
        await people.UpsertManyAsync(Actor.System, Ws, Enumerable.Range(0, 300)
            .Select(i => PersonInput.For($"u_bulk_{i:D3}", $"bulk{i}@example.com", i % 10 == 0 ? Names("Zoë", "ACMEson") : null)).ToList(), i => $"[{i}].");
        await people.UpsertAsync(Actor.System, "ws_other", PersonInput.For("u_ada", "ada@acme.io", Names("Ada", "Other")));
        await AssertMirrorsPeopleAsync();
        await AssertFindsAsync("acme");

        // Edits that change the search text (userId, email, names) and one that does not (another trait).
        await people.UpdateAsync(Actor.System, Ws, ada.Id, new PersonInput { UserId = "u_countess", UserIdGiven = true });
        await people.UpsertAsync(Actor.System, Ws, new PersonInput { UserId = "u_batch_003", UserIdGiven = true, Email = null, EmailGiven = true });
        await people.UpsertAsync(Actor.System, Ws, PersonInput.For("u_batch_004", traits: new JsonObject { ["first_name"] = "Acmelia" }));
        await people.UpsertAsync(Actor.System, Ws, PersonInput.For("u_batch_006", traits: new JsonObject { ["plan"] = "free" }));
        await people.UpsertAsync(Actor.System, Ws, PersonInput.For("u_batch_009", status: "bounced"));
        Assert.Equal(3, await people.UpdateManyAsync(Actor.System, Ws, (await people.ListAsync(Ws, new PeopleQuery { Search = "grace1", Limit = 3 })).People.Select(p => p.Id).ToList(),
            new PersonInput { Status = PersonStatus.Unsubscribed, StatusGiven = true }));
        await people.UpsertManyAsync(Actor.System, Ws, Enumerable.Range(0, 300)
            .Select(i => PersonInput.For($"u_bulk_{i:D3}", i % 2 == 0 ? $"bulk{i}@acme.io" : null)).ToList(), i => $"[{i}].");
        await AssertMirrorsPeopleAsync();
        await AssertFindsAsync("acme");
        await AssertFindsAsync("countess");
        await AssertFindsAsync("zoë acmeson");
        Assert.Equal(0, (await people.ListAsync(Ws, new PeopleQuery { Search = "u_ada" })).Total);

        // Deletes, one and many.
        Assert.True(await people.DeleteAsync(Actor.System, Ws, ada.Id));
        var some = (await people.ListAsync(Ws, new PeopleQuery { Search = "bulk1", Limit = 500 })).People.Select(p => p.Id).ToList();
        Assert.NotEmpty(some);
        Assert.Equal(some.Count, await people.DeleteManyAsync(Actor.System, Ws, some));
        await AssertMirrorsPeopleAsync();
        await AssertFindsAsync("acme");
        Assert.Equal(0, (await people.ListAsync(Ws, new PeopleQuery { Search = "countess" })).Total);

        // Demo seeding into a database that already holds people (the row-by-row path, indexes kept).
        await _db.Services.GetRequiredService<IDemoSeeder>().SeedAsync(Ws, 500);
        await AssertMirrorsPeopleAsync();
        await AssertFindsAsync("acme");
    }

    [Fact]
    public async Task A_search_with_a_status_another_order_or_an_exact_criterion_finds_exactly_the_matches()
    {
        var people = _db.People;
        await people.BatchUpsertAsync(Actor.System, Ws, Enumerable.Range(0, 40)
            .Select(i => PersonInput.For($"u_{i:D2}", $"p{i}@acme.io", status: i % 4 == 0 ? "bounced" : null)).ToList());
        var bounced = await people.ListAsync(Ws, new PeopleQuery { Search = "acme", Status = "bounced", Limit = 500 });
        Assert.Equal(10, bounced.Total);
        Assert.All(bounced.People, p => Assert.Equal("bounced", p.Status));
        var updated = await people.ListAsync(Ws, new PeopleQuery { Search = "ACME", Sort = PeopleSort.UpdatedDesc, Limit = 5 });
        Assert.Equal(40, updated.Total);
        Assert.Equal(5, updated.People.Count);
        var exact = await people.SearchAsync(Ws, new PeopleSearch { Email = "P7@ACME.IO", Q = "acme" });
        Assert.Equal("u_07", Assert.Single(exact).UserId);
    }
}
#endif
