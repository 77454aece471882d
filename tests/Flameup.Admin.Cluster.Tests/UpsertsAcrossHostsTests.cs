using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Cluster.Tests;

/// <summary>Writes racing each other through two hosts: the database, not either host, keeps one person per userId.</summary>
[Collection("cluster")]
public sealed class UpsertsAcrossHostsTests(ClusterFixture fixture)
{
    Cluster Cluster => fixture.Cluster;

    [ClusterFact]
    public async Task Thirty_two_upserts_of_one_new_userId_over_both_hosts_make_one_person_created_once()
    {
        const string ws = "ws_cl_upsert";
        var key = await Cluster.CreateKeyAsync(ws);
        using var a = Cluster.Api(Cluster.A, ws, key);
        using var b = Cluster.Api(Cluster.B, ws, key);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, 32).Select(async i =>
        {
            await go.Task;
            using var response = await (i % 2 == 0 ? a : b).PostAsJsonAsync("people/upsert",
                new { userId = "race_user", email = "race@example.com", traits = new JsonObject { [$"k{i}"] = i } });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        go.SetResult();
        var answers = await Task.WhenAll(racing);

        Assert.All(answers, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{r.StatusCode}: {r.Body}\n{Cluster.Outputs}"));
        var bodies = answers.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(1, bodies.Count(p => p["was_created"]!.GetValue<bool>()));
        Assert.Equal(1, answers.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Single(bodies.Select(p => p["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(1L, await Cluster.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = @ws AND user_id = 'race_user'", ("ws", ws)));

        // Every upsert's trait was merged: none was lost to a racing writer on the other host.
        var person = JsonNode.Parse(await a.GetStringAsync("people/search?userId=race_user"))!["people"]!.AsArray().Single()!;
        Assert.Equal(32, person["traits"]!.AsObject().Count);
    }

    [ClusterFact]
    public async Task Batches_sharing_people_in_different_orders_over_both_hosts_lose_nothing_and_stats_match_the_table()
    {
        const string ws = "ws_cl_batch";
        var key = await Cluster.CreateKeyAsync(ws);
        using var a = Cluster.Api(Cluster.A, ws, key);
        using var b = Cluster.Api(Cluster.B, ws, key);
        // 12 batches of 100 drawn from 300 userIds, each in its own shuffled order: every person is in about four batches.
        var random = new Random(7);
        var batches = Enumerable.Range(0, 12).Select(n => random.GetItems(Enumerable.Range(0, 300).ToArray(), 300).Distinct().Take(100)
            .Select(u => new { userId = $"u{u:000}", traits = new JsonObject { [$"batch{n}"] = true } }).ToArray()).ToArray();

        var answers = await Task.WhenAll(batches.Select((people, n) => Task.Run(async () =>
        {
            using var response = await (n % 2 == 0 ? a : b).PostAsJsonAsync("people/batch", new { people });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.All(answers, r => Assert.True(r.StatusCode == HttpStatusCode.OK, $"{r.StatusCode}: {r.Body}\n{Cluster.Outputs}"));
        var distinct = batches.SelectMany(p => p.Select(x => x.userId)).Distinct().ToList();
        var results = answers.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(distinct.Count, results.Sum(r => r["created_count"]!.GetValue<int>())); // each person created exactly once
        Assert.Equal(batches.Sum(p => p.Length), results.Sum(r => r["created_count"]!.GetValue<int>() + r["updated_count"]!.GetValue<int>()));

        var inTable = await Cluster.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = @ws", ("ws", ws));
        Assert.Equal(distinct.Count, inTable);
        var stats = JsonNode.Parse(await b.GetStringAsync("people/stats"))!;
        Assert.Equal(inTable, stats["total"]!.GetValue<long>());
        Assert.Equal(inTable, stats["active"]!.GetValue<long>());

        // Nothing lost: each person carries the trait of every batch that named them.
        var expected = batches.SelectMany((p, n) => p.Select(x => (x.userId, key: $"batch{n}"))).ToLookup(x => x.userId, x => x.key);
        var listed = new List<JsonNode>();
        for (var offset = 0; offset < distinct.Count; offset += 500)
            listed.AddRange(JsonNode.Parse(await a.GetStringAsync($"people?limit=500&offset={offset}"))!["people"]!.AsArray()!.Select(p => p!));
        Assert.Equal(distinct.Count, listed.Count);
        foreach (var person in listed)
        {
            var userId = person["userId"]!.GetValue<string>();
            Assert.Equal(expected[userId].Order(), person["traits"]!.AsObject().Select(t => t.Key).Order());
        }
    }
}
