using System.Text;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>
/// Writes large enough to take the bulk path (on PostgreSQL, more than 128 people per flush go through binary COPY:
/// new people straight into people, updates into a staging table): they must end exactly as the small path would, counters and events included, and all or
/// nothing. The same tests run on SQLite, which has one path, as the reference.
/// </summary>
public sealed class BulkWriteTests : IAsyncLifetime
{
    const int Bulk = 300; // above the PostgreSQL COPY threshold (128), below the API's batch cap only in the small runs

    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    static JsonObject Traits(int i, int round) => new()
    {
        ["plan"] = (i + round) % 3 == 0 ? "pro" : "free",
        ["age"] = 20 + i % 50,
        ["vip"] = i % 2 == 0,
        ["nested"] = new JsonObject { ["a"] = i, ["b"] = new JsonArray(round, "x") },
        ["keep"] = round == 0 ? $"k{i}" : null, // set on the first round, removed on the second
        [$"only{round}"] = round,
    };

    /// <summary>The first round creates people 0..n-1; the second updates the even ones (status, email, traits) and creates n..n+n/2-1.</summary>
    static List<PersonInput> Round(int round, int n) => round == 0
        ? Enumerable.Range(0, n).Select(i => PersonInput.For($"u{i:D4}", $"u{i}@example.com", Traits(i, 0), i % 10 == 0 ? "bounced" : null)).ToList()
        : Enumerable.Range(0, n).Where(i => i % 2 == 0).Concat(Enumerable.Range(n, n / 2))
            .Select(i => PersonInput.For($"u{i:D4}", i % 4 == 0 ? $"new{i}@example.com" : null, Traits(i, 1), i % 8 == 0 ? "unsubscribed" : null)).ToList();

    static async Task WriteAsync(PeopleService people, string ws, IReadOnlyList<PersonInput> items, int perBatch, bool prepared = false)
    {
        foreach (var chunk in items.Chunk(perBatch))
            if (prepared) await people.UpsertPreparedAsync(Actor.System, people.Prepare(Actor.System, ws, chunk, i => $"[{i}]."), null);
            else await people.UpsertManyAsync(Actor.System, ws, chunk, i => $"[{i}].");
    }

    async Task<Dictionary<string, Person>> AllAsync(string ws)
    {
        var all = new Dictionary<string, Person>();
        for (var offset = 0; ; offset += PeopleQuery.MaxLimit)
        {
            var page = await _db.People.ListAsync(ws, new PeopleQuery { Limit = PeopleQuery.MaxLimit, Offset = offset });
            foreach (var p in page.People) all.Add(p.UserId, p);
            if (page.People.Count < PeopleQuery.MaxLimit) return all;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // prepared ahead (PeopleService.Prepare), as an import writes its batches
    public async Task Bulk_batches_of_new_and_existing_people_end_exactly_as_small_batches_do(bool prepared)
    {
        // ws_bulk: 300 people per transaction (the bulk path); ws_small: 20 per transaction (the one-round-trip path).
        foreach (var round in new[] { 0, 1 })
        {
            var items = Round(round, 400);
            await WriteAsync(_db.People, "ws_bulk", items, Bulk, prepared);
            await WriteAsync(_db.People, "ws_small", Round(round, 400), 20);
            _db.Clock.Advance(TimeSpan.FromMinutes(1)); // the second round's events are newer
        }

        var bulk = await AllAsync("ws_bulk");
        var small = await AllAsync("ws_small");
        Assert.Equal(600, bulk.Count);
        Assert.Equal(small.Keys.Order(), bulk.Keys.Order());
        foreach (var (userId, b) in bulk)
        {
            var s = small[userId];
            Assert.Equal(s.Email, b.Email);
            Assert.Equal(s.Status, b.Status);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(s.TraitsJson), JsonNode.Parse(b.TraitsJson)), $"{userId}: {b.TraitsJson} vs {s.TraitsJson}");
        }
        // The merge itself: an updated person kept what the second round did not mention and lost what it set to null.
        var u4 = JsonNode.Parse(bulk["u0004"].TraitsJson)!.AsObject();
        Assert.False(u4.ContainsKey("keep"));
        Assert.Equal(0, (int)u4["only0"]!);
        Assert.Equal(1, (int)u4["only1"]!);
        Assert.Equal("new4@example.com", bulk["u0004"].Email);
        Assert.Equal("k5", (string)JsonNode.Parse(bulk["u0005"].TraitsJson)!["keep"]!); // odd: not in the second round

        // Exact counters: the stats agree with a count of the rows, and with the small path's.
        var stats = await _db.Stats.GetAsync("ws_bulk");
        Assert.Equal(await _db.Stats.GetAsync("ws_small"), stats);
        Assert.Equal(600, stats.Total);
        Assert.Equal(bulk.Values.Count(p => p.Status == "bounced"), stats.Bounced);
        Assert.Equal(bulk.Values.Count(p => p.Status == "unsubscribed"), stats.Unsubscribed);
        Assert.Equal(bulk.Values.Count(p => p.Status == "active"), stats.Active);

        // Events as before: one person.created each, one person.updated per changed person, with the same properties.
        foreach (var name in new[] { "person.created", "person.updated" })
            Assert.Equal(
                await _db.ScalarAsync<long>($"SELECT count(*) FROM person_events WHERE workspace_id = 'ws_small' AND name = '{name}'"),
                await _db.ScalarAsync<long>($"SELECT count(*) FROM person_events WHERE workspace_id = 'ws_bulk' AND name = '{name}'"));
        var bulkEvents = (await _db.Events.ListForPersonAsync("ws_bulk", bulk["u0004"].Id)).Events;
        var smallEvents = (await _db.Events.ListForPersonAsync("ws_small", small["u0004"].Id)).Events;
        Assert.Equal(["person.updated", "person.created"], bulkEvents.Select(e => e.Name));
        Assert.Equal(smallEvents.Select(e => JsonNode.Parse(e.PropertiesJson)!.ToJsonString()), bulkEvents.Select(e => JsonNode.Parse(e.PropertiesJson)!.ToJsonString()));
        Assert.Contains("\"traits.keep\":{\"old\":\"k4\",\"new\":null}", bulkEvents[0].PropertiesJson);
    }

    [Fact]
    public async Task A_bulk_batch_that_fails_after_its_rows_reached_the_database_leaves_nothing_written()
    {
        await WriteAsync(_db.People, "ws_a", Round(0, 200), Bulk); // 200 people exist
        var before = await _db.Stats.GetAsync("ws_a");

        // 100 updates and 300 new people are flushed (copied and applied) by the read in the callback; then the batch fails.
        var items = Round(1, 200).Concat(Round(1, 200).Select(p => PersonInput.For(p.UserId!.Replace("u", "v"), traits: Traits(1, 1)))).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.People.UpsertManyAsync(Actor.System, "ws_a", items, i => $"[{i}].",
            async (session, outcome) =>
            {
                Assert.Equal(items.Count - 100, outcome.CreatedCount);
                await session.ExistsAsync("ws_a", Guid.Empty, default); // flushes everything buffered first
                throw new InvalidOperationException("the batch fails after its rows were written");
            }));

        var after = await AllAsync("ws_a");
        Assert.Equal(200, after.Count);
        Assert.All(after.Values, p => Assert.DoesNotContain("only1", p.TraitsJson));
        Assert.Equal(before, await _db.Stats.GetAsync("ws_a"));
        Assert.Equal(200L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a'"));
    }

    [Fact]
    public async Task Two_bulk_flushes_in_one_transaction_both_land()
    {
        // An anonymousId makes the session flush in the middle of the batch (its earlier events are attached): with 600
        // people and anonymous ids at 200 and 450, the batch is written in three flushes, two of them bulk.
        var items = Round(0, 600);
        items[200].AnonymousId = "anon-a";
        items[450].AnonymousId = "anon-b";
        var outcome = await _db.People.UpsertManyAsync(Actor.System, "ws_a", items, i => $"[{i}].");

        Assert.Equal(600, outcome.CreatedCount);
        var all = await AllAsync("ws_a");
        Assert.Equal(600, all.Count);
        Assert.Equal("free", (string)JsonNode.Parse(all["u0599"].TraitsJson)!["plan"]!);
        Assert.Equal(600, (await _db.Stats.GetAsync("ws_a")).Total);
        Assert.Equal(600L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a' AND name = 'person.created'"));
    }

    [Fact]
    public async Task A_prepared_batch_whose_people_were_created_meanwhile_merges_onto_them_and_is_written_once()
    {
        // Prepared while nobody exists (drafts of 300 new people, repeats included); then another write creates 100 of
        // them: those are found in the transaction and merged onto, not inserted from their drafts.
        var items = Round(0, Bulk).Concat(Round(1, 40)).ToList(); // u0000..u0039's even ones again, and u0040..u0059 again
        var batch = _db.People.Prepare(Actor.System, "ws_a", items, i => $"[{i}].");
        await WriteAsync(_db.People, "ws_a", Round(0, Bulk).Where((_, i) => i % 3 == 0).ToList(), 50);

        var outcome = await _db.People.UpsertPreparedAsync(Actor.System, batch, null);

        Assert.Equal(Bulk - 100, outcome.CreatedCount);
        Assert.Equal(items.Count - (Bulk - 100), outcome.UpdatedCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.People.UpsertPreparedAsync(Actor.System, batch, null));

        // Ends as the same items written by the plain path.
        await WriteAsync(_db.People, "ws_b", Round(0, Bulk).Where((_, i) => i % 3 == 0).ToList(), 50);
        await WriteAsync(_db.People, "ws_b", items, items.Count);
        var a = await AllAsync("ws_a");
        var b = await AllAsync("ws_b");
        Assert.Equal(b.Keys.Order(), a.Keys.Order());
        foreach (var (userId, p) in a)
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(b[userId].TraitsJson), JsonNode.Parse(p.TraitsJson)), $"{userId}: {p.TraitsJson}");
        Assert.Equal(await _db.Stats.GetAsync("ws_b"), await _db.Stats.GetAsync("ws_a"));
        foreach (var name in new[] { "person.created", "person.updated" })
            Assert.Equal(
                await _db.ScalarAsync<long>($"SELECT count(*) FROM person_events WHERE workspace_id = 'ws_b' AND name = '{name}'"),
                await _db.ScalarAsync<long>($"SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a' AND name = '{name}'"));
    }

#if POSTGRES
    /// <summary>SQL on a connection of its own, outside any product transaction and without the product's advisory locks.</summary>
    async Task ExecAsync(string sql)
    {
        await using var c = await _db.Services.GetRequiredService<Flameup.Admin.Storage.Postgres.PgDatabase>().OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    static string RivalInsert(string ws, string userId) => $"""
        INSERT INTO people (id, workspace_id, user_id, status, traits, created_at, updated_at)
        VALUES (gen_random_uuid(), '{ws}', '{userId}', 'active', jsonb_build_object(), 0, 0)
        """;

    [Fact]
    public async Task A_bulk_insert_that_meets_a_row_written_outside_the_product_ends_in_the_same_conflict_as_a_small_one()
    {
        // Between the batch's lookup (under its locks) and its flush, a writer that skips the advisory locks takes one of
        // its userIds. The bulk path copies straight into people, meets the unique index, rolls back to its savepoint and
        // falls back to the staged INSERT … ON CONFLICT DO NOTHING: the caller sees exactly the small path's conflict.
        async Task<ConflictException> RaceAsync(string ws, int count) =>
            await Assert.ThrowsAsync<ConflictException>(() => _db.People.UpsertManyAsync(Actor.System, ws, Round(0, count), i => $"[{i}].",
                (_, _) => ExecAsync(RivalInsert(ws, "u0042"))));

        var small = await RaceAsync("ws_small", 100); // the one-round-trip path (per-key locks, 100 people)
        var bulk = await RaceAsync("ws_bulk", Bulk);  // the COPY path (the workspace's lock, 300 people)
        Assert.Equal((small.Field, small.Message), (bulk.Field, bulk.Message));

        foreach (var ws in new[] { "ws_small", "ws_bulk" })
        {
            // Nothing of the batch is kept: only the rival's row, no events, counters untouched.
            Assert.Equal(1L, await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{ws}'"));
            Assert.Equal(0L, await _db.ScalarAsync<long>($"SELECT count(*) FROM person_events WHERE workspace_id = '{ws}'"));
            Assert.Equal(0L, await _db.ScalarAsync<long>($"SELECT coalesce(sum(n), 0) FROM people_counts WHERE workspace_id = '{ws}'"));
        }

        // The connection went back to the pool healthy, and the next batch (which now sees the rival's row) lands in full.
        var next = await _db.People.UpsertManyAsync(Actor.System, "ws_bulk", Round(0, Bulk), i => $"[{i}].");
        Assert.Equal((Bulk - 1, 1), (next.CreatedCount, next.UpdatedCount));
        Assert.Equal((long)Bulk, await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_bulk'"));
    }

    [Fact]
    public async Task A_bulk_insert_fires_a_statement_trigger_with_a_transition_table_once_with_all_its_rows()
    {
        // Another change may add such a trigger to people; the COPY path must work with it and fire it like an INSERT.
        await ExecAsync("""
            CREATE TABLE test_people_inserted (rows bigint);
            CREATE FUNCTION test_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN INSERT INTO test_people_inserted SELECT count(*) FROM new_people; RETURN NULL; END $$;
            CREATE TRIGGER test_people_inserted AFTER INSERT ON people REFERENCING NEW TABLE AS new_people
              FOR EACH STATEMENT EXECUTE FUNCTION test_count_inserted();
            """);

        var outcome = await _db.People.UpsertManyAsync(Actor.System, "ws_a", Round(0, Bulk), i => $"[{i}].");

        Assert.Equal(Bulk, outcome.CreatedCount);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM test_people_inserted"));
        Assert.Equal((long)Bulk, await _db.ScalarAsync<long>("SELECT sum(rows) FROM test_people_inserted"));
        Assert.Equal(Bulk, (await _db.Stats.GetAsync("ws_a")).Total);
    }
#endif
}

/// <summary>An import whose batches are above the bulk threshold: exactly the file's people, traits, counters and events.</summary>
public sealed class BulkImportTests : IAsyncLifetime
{
    readonly ImportFixture _db = new() { BatchSize = 1000 };
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task An_import_in_bulk_batches_creates_exactly_the_files_people_then_merges_a_second_file_onto_them()
    {
        var first = await _db.ImportAsync("ws_a", "people.csv", ImportJobTests.PeopleCsv(2500)); // batches of 1000, 1000, 500

        Assert.Equal(ImportStatus.Completed, first.Status);
        Assert.Equal(2500, first.Created);
        Assert.Equal(2500L, await _db.ScalarAsync<long>("SELECT count(DISTINCT user_id) FROM people WHERE workspace_id = 'ws_a'"));
        Assert.Equal(2500L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a' AND name = 'person.created'"));
        var stats = await _db.Services.GetRequiredService<Flameup.Admin.Core.Stats.StatsService>().GetAsync("ws_a");
        Assert.Equal((2500L, 250L, 2250L), (stats.Total, stats.Bounced, stats.Active));
        var p = (await _db.People.SearchAsync("ws_a", new PeopleSearch { UserId = "u1234" })).Single();
        Assert.Equal("user1234@example.com", p.Email);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(
            """{"first_name":"First1234","last_name":"Last1234","plan":"free","age":54,"vip":true,"score":234.5,"city":"City34","country":"DE","company":"Acme 234","signup":"2024-01-03"}"""),
            JsonNode.Parse(p.TraitsJson)), p.TraitsJson);
        var created = (await _db.Services.GetRequiredService<Events.EventsService>().ListForPersonAsync("ws_a", p.Id)).Events.Single();
        Assert.Contains("\"traits.plan\":{\"old\":null,\"new\":\"free\"}", created.PropertiesJson);

        // Second file: every other person again with a new plan and status and an empty city (removed), and 500 new ones.
        var sb = new StringBuilder("userId,status,plan,city\n");
        for (var i = 0; i < 3000; i += i < 2500 ? 2 : 1) sb.Append($"u{i},{(i % 4 == 0 ? "unsubscribed" : "active")},gold,\n");
        var second = await _db.ImportAsync("ws_a", "more.csv", sb.ToString(), m => m with { EmptyCells = EmptyCells.Remove });

        Assert.Equal(ImportStatus.Completed, second.Status);
        Assert.Equal((500L, 1250L, 0L), (second.Created, second.Updated, second.Failed));
        Assert.Equal(3000L, await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_a'"));
        var u1234 = (await _db.People.SearchAsync("ws_a", new PeopleSearch { UserId = "u1234" })).Single();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(
            """{"first_name":"First1234","last_name":"Last1234","plan":"gold","age":54,"vip":true,"score":234.5,"country":"DE","company":"Acme 234","signup":"2024-01-03"}"""),
            JsonNode.Parse(u1234.TraitsJson)), u1234.TraitsJson);
        Assert.Equal("active", u1234.Status);
        Assert.Equal("user1234@example.com", u1234.Email);
        Assert.Equal("City35", (string)JsonNode.Parse((await _db.People.SearchAsync("ws_a", new PeopleSearch { UserId = "u1235" })).Single().TraitsJson)!["city"]!);
        Assert.Equal(1250L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a' AND name = 'person.updated'"));

        stats = await _db.Services.GetRequiredService<Flameup.Admin.Core.Stats.StatsService>().GetAsync("ws_a");
        Assert.Equal(3000, stats.Total);
        foreach (var (status, n) in new[] { ("active", stats.Active), ("unsubscribed", stats.Unsubscribed), ("bounced", stats.Bounced) })
            Assert.Equal(await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = 'ws_a' AND status = '{status}'"), n);
    }

    [Fact]
    public async Task Batches_prepared_while_the_one_before_is_written_still_apply_in_file_order()
    {
        // Every person twice, in two different batches of 1,000 (rows 0-999 make u0-u999; rows 1000-1999 make u1000-u1499
        // and change u0-u499; rows 2000-2999 change u500-u1499). A batch is prepared before the one before it commits, as
        // if its people were all new: the second sight of each must still merge onto the first, in file order.
        var sb = new StringBuilder("userId,plan,round\n");
        for (var row = 0; row < 3000; row++) sb.Append($"u{row % 1500},{(row < 1500 ? "free" : "gold")},{row}\n");
        var result = await _db.ImportAsync("ws_a", "twice.csv", sb.ToString());

        Assert.Equal((ImportStatus.Completed, 3000L, 1500L, 1500L, 0L), (result.Status, result.RowsDone, result.Created, result.Updated, result.Failed));
        Assert.Equal(1500L, await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_a'"));
        foreach (var i in new[] { 0, 499, 500, 999, 1000, 1499 })
        {
            var p = (await _db.People.SearchAsync("ws_a", new PeopleSearch { UserId = $"u{i}" })).Single();
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"plan":"gold","round":{{i + 1500}}}"""), JsonNode.Parse(p.TraitsJson)), $"u{i}: {p.TraitsJson}");
            var events = (await _db.Services.GetRequiredService<Events.EventsService>().ListForPersonAsync("ws_a", p.Id)).Events;
            Assert.Equal(["person.updated", "person.created"], events.Select(e => e.Name));
            Assert.Contains($"\"traits.round\":{{\"old\":{i},\"new\":{i + 1500}}}", events[0].PropertiesJson);
        }
        Assert.Equal(1500L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a' AND name = 'person.updated'"));
        Assert.Equal(1500, (await _db.Services.GetRequiredService<Flameup.Admin.Core.Stats.StatsService>().GetAsync("ws_a")).Total);
    }
}
