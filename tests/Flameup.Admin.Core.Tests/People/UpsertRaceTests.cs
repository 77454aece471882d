using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>
/// An upsert that finds no person and then meets one inserted by another writer: the unique index decides
/// (insert-on-conflict), and the service merges onto the stored person instead of failing.
/// </summary>
public sealed class UpsertRaceTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    (PeopleService People, RacingWriteUnit Race) Racing(string userId)
    {
        var race = new RacingWriteUnit(_db.Services.GetRequiredService<IWriteUnit>(), userId);
        var people = new PeopleService(_db.Services.GetRequiredService<IPeopleReader>(), race, _db.Clock,
            _db.Services.GetRequiredService<IPeopleChangeNotifier>());
        return (people, race);
    }

    async Task<long> CountAsync(string userId) =>
        await _db.ScalarAsync<long>($"SELECT COUNT(*) FROM people WHERE workspace_id = 'ws' AND user_id = '{userId}'");

    [Fact]
    public async Task An_upsert_that_loses_the_insert_merges_onto_the_winner()
    {
        var (people, race) = Racing("racer");
        var outcome = await people.UpsertAsync(Actor.System, "ws", PersonInput.For("racer", email: "r@x.io", traits: new JsonObject { ["plan"] = "pro" }));
        Assert.False(outcome.WasCreated);
        Assert.Equal(race.RivalId, outcome.Person.Id);
        Assert.Equal(1, await CountAsync("racer"));
        var stored = (await _db.People.GetAsync("ws", race.RivalId!.Value))!;
        Assert.Equal("r@x.io", stored.Email);
        var traits = JsonNode.Parse(stored.TraitsJson)!.AsObject();
        Assert.True(traits["rival"]!.GetValue<bool>());
        Assert.Equal("pro", traits["plan"]!.GetValue<string>());
        // Our write is an update of their person: no second person.created.
        Assert.Equal(1, await _db.ScalarAsync<long>($"SELECT COUNT(*) FROM person_events WHERE name = '{SystemEvents.PersonUpdated}'"));
    }

    [Fact]
    public async Task A_batch_that_loses_the_insert_merges_every_later_item_too()
    {
        var (people, race) = Racing("twice");
        var outcome = await people.BatchUpsertAsync(Actor.System, "ws", [
            PersonInput.For("twice", traits: new JsonObject { ["a"] = 1 }),
            PersonInput.For("other"),
            PersonInput.For("twice", traits: new JsonObject { ["b"] = 2 }),
        ]);
        Assert.Equal([false, true, false], outcome.Items.Select(i => i.WasCreated));
        Assert.All([outcome.Items[0], outcome.Items[2]], i => Assert.Equal(race.RivalId, i.Person.Id));
        Assert.Equal(1, await CountAsync("twice"));
        var traits = JsonNode.Parse((await _db.People.GetAsync("ws", race.RivalId!.Value))!.TraitsJson)!.AsObject();
        Assert.Equal(["a", "b", "rival"], traits.Select(t => t.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_create_that_loses_the_insert_is_a_conflict()
    {
        var (people, _) = Racing("late");
        var e = await Assert.ThrowsAsync<ConflictException>(() => people.CreateAsync(Actor.System, "ws", PersonInput.For("late")));
        Assert.Contains("late", e.Message);
    }
}
