using Flameup.Admin.Storage.Sqlite;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Tests.People;

public sealed class PeopleServiceTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    const string Ws = "ws_test";

    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    static JsonObject Traits(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task Upsert_records_created_then_updated_with_old_and_new_values()
    {
        var created = await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("u1", "a@x.io", Traits("""{"plan":"basic"}""")));
        Assert.True(created.WasCreated);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        var updated = await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("u1", traits: Traits("""{"plan":"pro","seats":3}""")));
        Assert.False(updated.WasCreated);
        Assert.Equal(_db.Clock.GetUtcNow(), updated.Person.UpdatedAt);

        var events = await _db.Events.ListForPersonAsync(Ws, created.Person.Id);
        Assert.Equal(["person.updated", "person.created"], events.Events.Select(e => e.Name));
        var changes = JsonNode.Parse(events.Events[0].PropertiesJson)!["changes"]!.AsObject();
        Assert.Equal(["traits.plan", "traits.seats"], changes.Select(c => c.Key));
        Assert.Equal("basic", changes["traits.plan"]!["old"]!.GetValue<string>());
        Assert.Equal(3, changes["traits.seats"]!["new"]!.GetValue<int>());
    }

    [Fact]
    public async Task Merge_is_key_by_key_not_deep()
    {
        var p = await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("u", traits: Traits("""{"address":{"city":"Oslo","zip":"0150"},"keep":1}""")));
        var after = await _db.People.UpdateAsync(Actor.System, Ws, p.Person.Id, new PersonInput { Traits = Traits("""{"address":{"city":"Bergen"}}""") });
        Assert.True(JsonNode.DeepEquals(Traits("""{"address":{"city":"Bergen"},"keep":1}"""), JsonNode.Parse(after.TraitsJson)));
    }

    [Fact]
    public async Task A_failed_batch_leaves_no_row_no_event_and_no_counter_change()
    {
        await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("existing"));
        var bad = new[] { PersonInput.For("new1"), PersonInput.For("existing", traits: Traits("""{"$no":1}""")) };
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => _db.People.BatchUpsertAsync(Actor.System, Ws, bad));
        Assert.Contains("people[1].traits.$no", e.Errors.Keys);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events"));
        Assert.Equal(1, (await _db.Stats.GetAsync(Ws)).Total);
    }

    [Fact]
    public async Task Status_counters_stay_exact_through_creates_updates_and_deletes()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++) ids.Add((await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For($"p{i}"))).Person.Id);
        await _db.People.UpdateManyAsync(Actor.System, Ws, ids.Take(3).ToList(), new PersonInput { Status = PersonStatus.Bounced, StatusGiven = true });
        await _db.People.UpdateAsync(Actor.System, Ws, ids[9], new PersonInput { Status = PersonStatus.Unsubscribed, StatusGiven = true });
        await _db.People.DeleteManyAsync(Actor.System, Ws, [ids[0], ids[5]]);

        var stats = await _db.Stats.GetAsync(Ws);
        Assert.Equal((8, 5, 1, 2), (stats.Total, stats.Active, stats.Unsubscribed, stats.Bounced));
        Assert.Equal(stats.Total, await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}'"));
        Assert.Equal(2L, await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}' AND status = 'bounced'"));
    }

    [Fact]
    public async Task Recent_counts_people_created_in_the_last_seven_days()
    {
        await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("old"));
        _db.Clock.Advance(TimeSpan.FromDays(8));
        await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("new"));
        var stats = await _db.Stats.GetAsync(Ws);
        Assert.Equal(2, stats.Total);
        Assert.Equal(1, stats.Recent);
    }

    [Fact]
    public async Task The_search_index_follows_renames_name_changes_and_deletes()
    {
        var p = await _db.People.UpsertAsync(Actor.System, Ws, PersonInput.For("user-one", "first@mail.io", Traits("""{"first_name":"Ada","last_name":"Lovelace"}""")));
        async Task<string[]> Find(string q) =>
            (await _db.People.ListAsync(Ws, new PeopleQuery { Search = q })).People.Select(x => x.UserId).ToArray();

        Assert.Equal(["user-one"], await Find("lovelace"));
        await _db.People.UpdateAsync(Actor.System, Ws, p.Person.Id, new PersonInput { Traits = Traits("""{"last_name":"Byron"}"""), Email = "second@mail.io", EmailGiven = true });
        Assert.Empty(await Find("lovelace"));
        Assert.Empty(await Find("first@"));
        Assert.Equal(["user-one"], await Find("ada byron"));
        Assert.Equal(["user-one"], await Find("second@"));
        await _db.People.UpdateAsync(Actor.System, Ws, p.Person.Id, new PersonInput { UserId = "renamed", UserIdGiven = true });
        Assert.Equal(["renamed"], await Find("renam"));
        await _db.People.DeleteAsync(Actor.System, Ws, p.Person.Id);
        Assert.Empty(await Find("byron"));
#if !POSTGRES // the SQLite FTS5 table itself
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM people_fts WHERE people_fts MATCH '\"byron\"'"));
#endif
    }

#if !POSTGRES // SQLite query plans
    [Fact]
    public async Task Search_and_list_use_their_indexes_not_a_scan_of_people()
    {
        await using var c = await _db.Database.OpenAsync();
        async Task<string> Plan(string sql)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
            cmd.Parameters.AddWithValue("@ws", Ws);
            cmd.Parameters.AddWithValue("@match", "\"acme\"");
            cmd.Parameters.AddWithValue("@e", "a@b.c");
            cmd.Parameters.AddWithValue("@u", "u");
            var lines = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add(r.GetString(3));
            return string.Join(" | ", lines);
        }

        var search = await Plan("SELECT count(*) FROM (SELECT rowid AS pk FROM people_fts WHERE people_fts MATCH @match) f CROSS JOIN people p ON p.pk = f.pk WHERE p.workspace_id = @ws");
        Assert.Contains("VIRTUAL TABLE INDEX", search);
        Assert.DoesNotMatch(@"SCAN (p|people)( |$)", search);
        Assert.Contains("SEARCH p USING INTEGER PRIMARY KEY", search);
        Assert.Contains("USING COVERING INDEX ix_people_ws_created", await Plan("SELECT p.pk FROM people p WHERE p.workspace_id = @ws ORDER BY p.created_at DESC, p.id DESC LIMIT 50"));
        Assert.Contains("ix_people_ws_email", await Plan("SELECT p.pk FROM people p WHERE p.workspace_id = @ws AND p.email = @e"));
        Assert.Contains("ux_people_ws_user", await Plan("SELECT p.pk FROM people p WHERE p.workspace_id = @ws AND p.user_id = @u"));
        Assert.DoesNotContain("SCAN", await Plan("SELECT status, n FROM people_counts WHERE workspace_id = @ws"));
    }
#endif
}
