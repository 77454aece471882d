using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>Upsert races decided by the database, not by one process's writer: two service sets on one file.</summary>
public sealed class TwoHostUpsertTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Thirty_two_concurrent_upserts_of_one_new_userId_through_two_containers_make_one_person()
    {
        await using var second = _db.Build(); // a second DI container: its own writer queue and connections
        var services = new[] { _db.People, second.GetRequiredService<PeopleService>() };
        using var start = new ManualResetEventSlim();
        var upserts = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await services[i % 2].UpsertAsync(Actor.System, "ws_race", PersonInput.For("same_user", traits: new() { [$"k{i}"] = i }));
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(upserts);

        Assert.Single(outcomes, o => o.WasCreated);
        Assert.Single(outcomes.Select(o => o.Person.Id).Distinct());
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_race'"));
        var stored = (await _db.People.GetAsync("ws_race", outcomes[0].Person.Id))!;
        Assert.Equal(32, System.Text.Json.Nodes.JsonNode.Parse(stored.TraitsJson)!.AsObject().Count); // every merge kept
    }
}
