using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>
/// Batches that share people, sent at once in different orders through two service sets (two hosts' worth) on one
/// database: none deadlocks or fails, nothing is lost, and the status counters equal what a count of the rows says.
/// </summary>
public sealed class ConcurrentBatchTests : IAsyncLifetime
{
    const string Ws = "ws_batches";
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Batches_sharing_people_in_any_order_all_commit_and_the_counters_stay_exact()
    {
        await using var second = _db.Build();
        var services = new[] { _db.People, second.GetRequiredService<PeopleService>() };
        var userIds = Enumerable.Range(0, 60).Select(i => $"shared_{i:D2}").ToArray();
        using var start = new ManualResetEventSlim();
        var batches = Enumerable.Range(0, 12).Select(b => Task.Run(async () =>
        {
            // Each batch takes 40 of the 60 people in its own order, sets its own trait and flips some statuses.
            var random = new Random(b);
            var items = userIds.OrderBy(_ => random.Next()).Take(40)
                .Select(u => PersonInput.For(u, traits: new() { [$"batch_{b:D2}"] = b }, status: b % 3 == 0 ? "unsubscribed" : "active"))
                .ToList();
            start.Wait();
            var outcome = await services[b % 2].BatchUpsertAsync(Actor.System, Ws, items);
            return (Batch: b, Items: items.Select(i => i.UserId!).ToList(), outcome);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(batches);

        var people = (await _db.People.ListAsync(Ws, new PeopleQuery { Limit = 100 })).People;
        Assert.Equal(results.SelectMany(r => r.Items).Distinct().Count(), people.Count);
        Assert.Equal(people.Count, results.Sum(r => r.outcome.CreatedCount));
        foreach (var (batch, items, _) in results)
            foreach (var userId in items)
                Assert.Contains($"\"batch_{batch:D2}\"", people.Single(p => p.UserId == userId).TraitsJson);

        var stats = await _db.Stats.GetAsync(Ws);
        Assert.Equal(people.Count, stats.Total);
        Assert.Equal(people.Count(p => p.Status == "active"), stats.Active);
        Assert.Equal(people.Count(p => p.Status == "unsubscribed"), stats.Unsubscribed);
    }

    [Fact]
    public async Task Deletes_of_shared_people_in_any_order_beside_batches_of_them_neither_deadlock_nor_fail()
    {
        await using var second = _db.Build();
        var services = new[] { _db.People, second.GetRequiredService<PeopleService>() };
        var userIds = Enumerable.Range(0, 80).Select(i => $"gone_{i:D2}").ToArray();
        var created = await _db.People.BatchUpsertAsync(Actor.System, Ws, userIds.Select(u => PersonInput.For(u)).ToList());
        var ids = created.Items.Select(o => o.Person.Id).ToArray();

        using var start = new ManualResetEventSlim();
        var work = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            start.Wait();
            if (w % 3 == 2) // a batch touching 40 of the people (re-creating any already deleted)
                await services[w % 2].BatchUpsertAsync(Actor.System, Ws,
                    userIds.OrderBy(_ => random.Next()).Take(40).Select(u => PersonInput.For(u, traits: new() { ["w"] = w })).ToList());
            else // a bulk delete of 50 of them, each in its own order
                await services[w % 2].DeleteManyAsync(Actor.System, Ws, ids.OrderBy(_ => random.Next()).Take(50).ToList());
        })).ToList();
        start.Set();
        await Task.WhenAll(work); // a deadlock would surface here as a failed task

        var left = (await _db.People.ListAsync(Ws, new PeopleQuery { Limit = 200 })).People;
        var stats = await _db.Stats.GetAsync(Ws);
        Assert.Equal(left.Count, stats.Total);
        Assert.Equal(left.Count, left.Select(p => p.UserId).Distinct().Count());
    }
}
