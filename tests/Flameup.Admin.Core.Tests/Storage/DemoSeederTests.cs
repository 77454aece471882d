using Flameup.Admin.Storage.Sqlite;
using System.Text.Json;
using Flameup.Admin.Core.Demo;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>The benchmark's data generator makes what it says, and leaves search, counters and indexes exact.</summary>
public sealed class DemoSeederTests : IAsyncLifetime
{
    const string Ws = "ws_seed";
    readonly TestDatabase _db = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.Services.GetRequiredService<WorkspaceService>().EnsureAsync(Ws);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    async Task<List<string>> SchemaObjects() =>
        (await Strings("SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name IN ('people', 'person_events') ORDER BY 1")).ToList();

    async Task<List<string>> Strings(string sql)
    {
        await using var c = await _db.Database.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetValue(0).ToString()!);
        return list;
    }

    [Fact]
    public async Task Bulk_seed_makes_n_realistic_people_with_events_and_restores_every_index_and_trigger()
    {
        var before = await SchemaObjects();
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var result = await DemoSeeder.SeedAsync(_db.Database, Ws, 3000, new DemoSeedOptions { Now = now });

        Assert.True(result.Bulk);
        Assert.Equal(3000, result.People);
        Assert.Equal(before, await SchemaObjects());
        Assert.Equal(3000L, await _db.ScalarAsync<long>($"SELECT count(DISTINCT user_id) FROM people WHERE workspace_id = '{Ws}'"));
        Assert.Equal(3000L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE name = 'person.created'"));
        Assert.Equal(result.Events, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events"));
        Assert.True(result.Events > 3000 * 2 && result.Events < 3000 * 3, $"about 2.5 events a person, got {result.Events}");

        // Statuses near 90/6/4 %, created_at over two years before now.
        var active = await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE status = 'active'");
        var bounced = await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE status = 'bounced'");
        Assert.InRange(active, 2600, 2800);
        Assert.InRange(bounced, 70, 190);
        var first = await _db.ScalarAsync<long>("SELECT min(created_at) FROM people");
        var last = await _db.ScalarAsync<long>("SELECT max(created_at) FROM people");
        Assert.InRange(first, now.AddDays(-731).ToUnixTimeMilliseconds(), now.AddDays(-729).ToUnixTimeMilliseconds());
        Assert.InRange(last, now.AddDays(-1).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());

        // Ten traits of mixed JSON types, and a valid email.
        var person = (await _db.People.ListAsync(Ws, new PeopleQuery { Limit = 1 })).People[0];
        using var traits = JsonDocument.Parse(person.TraitsJson);
        Assert.Equal(10, traits.RootElement.EnumerateObject().Count());
        var kinds = traits.RootElement.EnumerateObject().Select(p => p.Value.ValueKind).ToHashSet();
        Assert.Superset(new HashSet<JsonValueKind> { JsonValueKind.String, JsonValueKind.Number, JsonValueKind.Array, JsonValueKind.Object }, kinds);
        Assert.Matches(@"^[a-z]+\.[a-z]+\d+@[a-z.]+$", person.Email);

        // Search index, status counters and hourly counters agree with the rows.
        var acme = await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE email LIKE '%@{DemoPeople.OnePercentDomain}'");
        Assert.True(acme > 0);
        Assert.Equal(acme, (await _db.People.ListAsync(Ws, new PeopleQuery { Search = DemoPeople.OnePercentTerm, Limit = 1 })).Total);
        var stats = await _db.Stats.GetAsync(Ws);
        Assert.Equal((3000L, active, bounced), (stats.Total, stats.Active, stats.Bounced));
        Assert.Equal(3000L, await _db.ScalarAsync<long>($"SELECT sum(n) FROM people_created_hours WHERE workspace_id = '{Ws}'"));
    }

    [Fact]
    public async Task Seeding_a_workspace_that_has_people_adds_new_ones_through_the_triggers()
    {
        await DemoSeeder.SeedAsync(_db.Database, Ws, 500);
        var second = await DemoSeeder.SeedAsync(_db.Database, Ws, 300, new DemoSeedOptions { Seed = 7 });

        Assert.False(second.Bulk);
        Assert.Equal(800L, await _db.ScalarAsync<long>("SELECT count(DISTINCT user_id) FROM people"));
        Assert.Equal(800L, (await _db.Stats.GetAsync(Ws)).Total);
        Assert.Equal(800L, await _db.ScalarAsync<long>("SELECT count(*) FROM people_fts WHERE people_fts MATCH '\"user_\"'"));
    }
}
