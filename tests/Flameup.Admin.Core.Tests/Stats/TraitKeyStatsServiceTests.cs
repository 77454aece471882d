using Flameup.Admin.Core.Common;
using Flameup.Admin.Storage.Sqlite;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Stats;

public sealed class TraitKeyStatsServiceTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    const string Ws = "ws_test";
    TraitKeyStatsService TraitKeys => _db.Services.GetRequiredService<TraitKeyStatsService>();

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    Task Create(string userId, string traits) =>
        _db.People.CreateAsync(Actor.System, Ws, PersonInput.For(userId, traits: JsonNode.Parse(traits)!.AsObject()));

    [Fact]
    public async Task Ranks_keys_by_how_many_people_have_them()
    {
        await Create("a", """{"plan":"pro","city":"Oslo","age":3}""");
        await Create("b", """{"plan":"basic","city":"Rome"}""");
        await Create("c", """{"plan":"basic"}""");
        await _db.People.CreateAsync(Actor.System, "ws_other", PersonInput.For("x", traits: new JsonObject { ["other"] = 1 }));

        var ranking = await TraitKeys.GetTopAsync(Ws, top: 2);

        Assert.Equal([new TraitKeyCount("plan", 3), new TraitKeyCount("city", 2)], ranking.Keys);
        Assert.Equal(3, ranking.SampleSize);
    }

    [Fact]
    public async Task An_empty_workspace_has_no_keys()
    {
        var ranking = await TraitKeys.GetTopAsync(Ws);
        Assert.Empty(ranking.Keys);
    }

    [Fact]
    public async Task The_ranking_is_kept_briefly_then_recomputed()
    {
        await Create("a", """{"plan":"pro"}""");
        Assert.Equal(["plan"], (await TraitKeys.GetTopAsync(Ws)).Keys.Select(k => k.Key));
        await Create("b", """{"vip":true}""");
        Assert.Equal(["plan"], (await TraitKeys.GetTopAsync(Ws)).Keys.Select(k => k.Key));
        _db.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(["plan", "vip"], (await TraitKeys.GetTopAsync(Ws)).Keys.Select(k => k.Key));
    }

#if !POSTGRES // inserts with SQLite SQL (randomblob, unix-ms times)
    [Fact]
    public async Task Only_the_newest_people_are_sampled()
    {
        // 50 old people with a key nobody newer has, then a full sample of newer people.
        await using (var c = await _db.Database.OpenAsync())
        await using (var tx = c.BeginTransaction())
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
                INSERT INTO people(id, workspace_id, user_id, status, traits, created_at, updated_at)
                SELECT lower(hex(randomblob(16))), 'ws_test', 'u' || i, 'active',
                       CASE WHEN i < 50 THEN '{"legacy":1}' ELSE '{"plan":"x"}' END, i, i FROM n
                """;
            cmd.Parameters.AddWithValue("@count", TraitKeyStatsService.SampleLimit + 50);
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        var ranking = await TraitKeys.GetTopAsync(Ws);

        Assert.Equal(TraitKeyStatsService.SampleLimit, ranking.SampleSize);
        Assert.Equal([new TraitKeyCount("plan", TraitKeyStatsService.SampleLimit)], ranking.Keys);
    }
#endif

#if !POSTGRES // SQLite query plans
    [Fact]
    public async Task The_sample_is_read_from_the_created_at_index_not_a_scan_of_people()
    {
        await using var c = await _db.Database.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + SqliteStatsReader.TopKeysSql;
        cmd.Parameters.AddWithValue("@ws", Ws);
        cmd.Parameters.AddWithValue("@limit", TraitKeyStatsService.SampleLimit);
        cmd.Parameters.AddWithValue("@top", 10);
        var lines = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) lines.Add(r.GetString(3));
        var plan = string.Join(" | ", lines);
        Assert.Contains("SEARCH people USING INDEX ix_people_ws_created (workspace_id=?)", plan);
        Assert.DoesNotMatch(@"SCAN people( |$)", plan);
    }
#endif
}
