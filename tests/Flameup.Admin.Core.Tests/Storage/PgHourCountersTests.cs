#if POSTGRES
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>
/// people_created_hours on PostgreSQL: equal to a GROUP BY of created_at / 3600000 after inserts, updates, deletes,
/// seeding and concurrent batches; deep pages that skip whole hours by them equal the plain OFFSET page at every
/// offset around hour boundaries, in both directions, without stepping over the offset; stats "recent" and the daily
/// series exact, the partial first hour included.
/// </summary>
public sealed class PgHourCountersTests : IAsyncLifetime
{
    const string Ws = "ws_hours";
    static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    readonly TestDatabase _db = new(clockStart: Start);

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.Services.GetRequiredService<WorkspaceService>().EnsureAsync(Ws);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    PgDatabase Pg => _db.Services.GetRequiredService<PgDatabase>();

    /// <summary>n people created at <paramref name="at"/> (one batch: they share created_at).</summary>
    async Task<List<Guid>> CreateAtAsync(DateTimeOffset at, int n, string prefix)
    {
        if (at > _db.Clock.GetUtcNow()) _db.Clock.SetUtcNow(at);
        Assert.Equal(at, _db.Clock.GetUtcNow());
        var ids = new List<Guid>();
        for (var i = 0; i < n; i += 100)
        {
            var items = Enumerable.Range(i, Math.Min(100, n - i)).Select(k => PersonInput.For($"{prefix}_{k:D5}", status: k % 7 == 0 ? "bounced" : null)).ToList();
            var outcome = await _db.People.BatchUpsertAsync(Actor.System, Ws, items);
            Assert.Equal(items.Count, outcome.CreatedCount);
        }
        await using var c = await Pg.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM people WHERE workspace_id = @ws AND user_id LIKE @p", c);
        cmd.Parameters.AddWithValue("ws", Ws);
        cmd.Parameters.AddWithValue("p", prefix + "\\_%");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>The counters, summed per hour, next to what the rows say; equal when exact.</summary>
    async Task AssertCountersExactAsync(string ws)
    {
        await using var c = await Pg.OpenAsync();
        async Task<string> Text(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            cmd.Parameters.AddWithValue("ws", ws);
            return (string?)await cmd.ExecuteScalarAsync() ?? "";
        }
        var counted = await Text("""
            SELECT string_agg(hour || ':' || n, ',' ORDER BY hour) FROM (
              SELECT hour, sum(n) AS n FROM people_created_hours WHERE workspace_id = @ws GROUP BY hour HAVING sum(n) <> 0) h
            """);
        var actual = await Text("""
            SELECT string_agg(hour || ':' || n, ',' ORDER BY hour) FROM (
              SELECT created_at / 3600000 AS hour, count(*) AS n FROM people WHERE workspace_id = @ws GROUP BY 1) h
            """);
        Assert.Equal(actual, counted);
    }

    async Task<List<Guid>> PlainPageAsync(string ws, bool desc, int offset, int limit)
    {
        var dir = desc ? "DESC" : "ASC";
        await using var c = await Pg.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"SELECT id FROM people WHERE workspace_id = @ws ORDER BY created_at {dir}, id {dir} LIMIT @limit OFFSET @offset", c);
        cmd.Parameters.AddWithValue("ws", ws);
        cmd.Parameters.AddWithValue("limit", limit);
        cmd.Parameters.AddWithValue("offset", offset);
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetGuid(0));
        return ids;
    }

    async Task<List<Guid>> SkippingPageAsync(string ws, bool desc, int offset, int limit)
    {
        await using var c = await Pg.OpenAsync();
        await using var cmd = PgPeopleStore.DeepPageCommand(c, ws,
            new PeopleQuery { Offset = offset, Limit = limit, Sort = desc ? PeopleSort.CreatedDesc : PeopleSort.CreatedAsc });
        return (await PgPeopleStore.ReadAllAsync(cmd, CancellationToken.None)).Select(p => p.Id).ToList();
    }

    /// <summary>Offsets where a page starts on, just before and just after each change of hour in the given order.</summary>
    async Task<SortedSet<int>> OffsetsAroundHoursAsync(string ws, bool desc)
    {
        var dir = desc ? "DESC" : "ASC";
        await using var c = await Pg.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"SELECT created_at / 3600000 FROM people WHERE workspace_id = @ws ORDER BY created_at {dir}, id {dir}", c);
        cmd.Parameters.AddWithValue("ws", ws);
        var hours = new List<long>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) hours.Add(r.GetInt64(0));
        var offsets = new SortedSet<int> { 0, 1, hours.Count - 1, hours.Count, hours.Count + 1, hours.Count + 100 };
        for (var i = 1; i < hours.Count; i++)
            if (hours[i] != hours[i - 1])
                foreach (var o in new[] { i - 1, i, i + 1 }) offsets.Add(o);
        return offsets;
    }

    [Fact]
    public async Task Pages_skipping_whole_hours_equal_the_plain_offset_pages_after_inserts_updates_and_deletes()
    {
        var random = new Random(7);
        var all = new List<Guid>();
        for (var h = 0; h < 30; h++)
        {
            if (h % 9 == 4) continue; // some hours stay empty
            var hour = Start.AddHours(h);
            // On the boundary itself, in the middle (many sharing one created_at), on the last millisecond.
            all.AddRange(await CreateAtAsync(hour, random.Next(0, 4), $"h{h:D2}a"));
            all.AddRange(await CreateAtAsync(hour.AddMinutes(17), random.Next(1, 40), $"h{h:D2}b"));
            all.AddRange(await CreateAtAsync(hour.AddMinutes(17).AddMilliseconds(1), random.Next(0, 3), $"h{h:D2}c"));
            all.AddRange(await CreateAtAsync(hour.AddHours(1).AddMilliseconds(-1), random.Next(0, 5), $"h{h:D2}d"));
        }
        await AssertCountersExactAsync(Ws);

        // Updates leave created_at (and the counters) alone; deletes take people out of their hour, one hour entirely.
        var updated = all.Where((_, i) => i % 5 == 0).ToList();
        Assert.Equal(updated.Count, await _db.People.UpdateManyAsync(Actor.System, Ws, updated, new PersonInput { Status = PersonStatus.Unsubscribed, StatusGiven = true }));
        var deleted = all.Where((_, i) => i % 6 == 1).ToList();
        Assert.Equal(deleted.Count, await _db.People.DeleteManyAsync(Actor.System, Ws, deleted));
        foreach (var id in all.Where((_, i) => i % 6 == 3).Take(5)) Assert.True(await _db.People.DeleteAsync(Actor.System, Ws, id));
        await AssertCountersExactAsync(Ws);

        foreach (var desc in new[] { true, false })
            foreach (var offset in await OffsetsAroundHoursAsync(Ws, desc))
                foreach (var limit in new[] { 1, 7, 50 })
                    Assert.True((await PlainPageAsync(Ws, desc, offset, limit)).SequenceEqual(await SkippingPageAsync(Ws, desc, offset, limit)),
                        $"page at offset {offset}, limit {limit}, {(desc ? "newest" : "oldest")} first");

        // An empty workspace: no hours, no rows.
        Assert.Empty(await SkippingPageAsync("ws_empty", true, 10, 50));
        Assert.Empty(await SkippingPageAsync("ws_empty", false, 10, 50));
    }

    [Fact]
    public async Task Counters_stay_exact_under_concurrent_batches_and_deletes()
    {
        var first = await CreateAtAsync(Start.AddMinutes(30), 200, "base");
        await using var second = _db.Build();
        var services = new[] { _db.People, second.GetRequiredService<PeopleService>() };
        using var go = new ManualResetEventSlim();
        var work = Enumerable.Range(0, 12).Select(b => Task.Run(async () =>
        {
            var random = new Random(b);
            go.Wait();
            var people = services[b % 2];
            if (b % 3 == 2)
                await people.DeleteManyAsync(Actor.System, Ws, first.Skip(b * 15).Take(30).OrderBy(_ => random.Next()).ToList());
            else
                await people.BatchUpsertAsync(Actor.System, Ws, Enumerable.Range(0, 60)
                    .Select(i => PersonInput.For($"shared_{random.Next(150):D3}", traits: new() { ["b"] = b })).DistinctBy(p => p.UserId).ToList());
        })).ToList();
        go.Set();
        await Task.WhenAll(work);
        await AssertCountersExactAsync(Ws);
        Assert.Equal(await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}'"), (await _db.Stats.GetAsync(Ws)).Total);
    }

    [Fact]
    public async Task Seeded_workspaces_page_deep_through_the_hours_without_stepping_over_the_offset()
    {
        var seeder = _db.Services.GetRequiredService<IDemoSeeder>();
        await seeder.SeedAsync(Ws, 12_000, new DemoSeedOptions { Now = Start, Span = TimeSpan.FromDays(20), PeoplePerTransaction = 5_000 });
        await seeder.SeedAsync(Ws, 8_000, new DemoSeedOptions { Now = Start, Span = TimeSpan.FromDays(10), Seed = 3 }); // not bulk: the table has rows
        await AssertCountersExactAsync(Ws);
        var total = await _db.ScalarAsync<int>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}'");
        Assert.Equal(20_000, total);

        foreach (var sort in new[] { PeopleSort.CreatedDesc, PeopleSort.CreatedAsc })
            foreach (var offset in new[] { PgPeopleStore.HourSkipOffset, 12_345, total - 50, total - 1, total, total + 10 })
            {
                var query = new PeopleQuery { Offset = offset, Sort = sort };
                Assert.True(PgPeopleStore.SkipsHours(query));
                var page = await _db.People.ListAsync(Ws, query);
                Assert.Equal(total, page.Total);
                Assert.Equal(await PlainPageAsync(Ws, sort == PeopleSort.CreatedDesc, offset, query.Limit), page.People.Select(p => p.Id).ToList());
            }
        Assert.False(PgPeopleStore.SkipsHours(new PeopleQuery { Offset = 15_000, Status = "active" }));
        Assert.False(PgPeopleStore.SkipsHours(new PeopleQuery { Offset = 15_000, Sort = PeopleSort.UpdatedDesc }));
        Assert.False(PgPeopleStore.SkipsHours(new PeopleQuery { Offset = 15_000, Search = "a" }));

        await using (var c = await Pg.OpenAsync())
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE people", c))
            await vacuum.ExecuteNonQueryAsync();
        foreach (var sort in new[] { PeopleSort.CreatedDesc, PeopleSort.CreatedAsc })
        {
            // The index scan reads the page plus what precedes it within its hour (~40 people an hour here), not 15,000.
            await using var c = await Pg.OpenAsync();
            await using var cmd = PgPeopleStore.ListCommand(c, Ws, new PeopleQuery { Offset = 15_000, Sort = sort });
            cmd.CommandText = "EXPLAIN (ANALYZE, FORMAT JSON) " + cmd.CommandText;
            var plan = System.Text.Json.Nodes.JsonNode.Parse((string)(await cmd.ExecuteScalarAsync())!)!;
            var scans = Nodes(plan[0]!["Plan"]!).Where(n => (string?)n["Relation Name"] == "people" && ((string)n["Node Type"]!).Contains("Index")).ToList();
            var walk = Assert.Single(scans, n => (string?)n["Index Name"] == "ix_people_ws_created");
            Assert.InRange((double)walk["Actual Rows"]!, 50, 500);
            Assert.DoesNotContain(Nodes(plan[0]!["Plan"]!), n => (string)n["Node Type"]! == "Seq Scan" && (string?)n["Relation Name"] == "people");
        }
    }

    static IEnumerable<System.Text.Json.Nodes.JsonNode> Nodes(System.Text.Json.Nodes.JsonNode node)
    {
        yield return node;
        if (node["Plans"] is System.Text.Json.Nodes.JsonArray children)
            foreach (var child in children)
                foreach (var n in Nodes(child!)) yield return n;
    }

    [Fact]
    public async Task Recent_and_daily_creations_are_exact_including_the_partial_first_hour()
    {
        var times = new[] { 0, 1, 20, 59.99, 60, 61, 95, 119.99, 120, 185, 300, 24 * 60 + 5, 49 * 60 }.Select(m => Start.AddMinutes(m)).ToList();
        for (var i = 0; i < times.Count; i++) await CreateAtAsync(times[i], 1 + i % 3, $"t{i:D2}");
        await _db.People.DeleteAsync(Actor.System, Ws, (await CreateAtAsync(Start.AddMinutes(49 * 60 + 1), 1, "gone"))[0]);
        await AssertCountersExactAsync(Ws);

        var stats = _db.Services.GetRequiredService<IStatsReader>();
        var sinces = times.SelectMany(t => new[] { t, t.AddMilliseconds(-1), t.AddMilliseconds(1) })
            .Concat([Start.AddHours(-3), Start.AddMinutes(30), Start.AddDays(5)]);
        foreach (var since in sinces)
            Assert.Equal(await _db.ScalarAsync<long>($"SELECT count(*) FROM people WHERE workspace_id = '{Ws}' AND created_at >= {since.ToUnixTimeMilliseconds()}"),
                await stats.CreatedSinceAsync(Ws, since));

        // Days starting on an hour come from the counters, others by index: both equal the rows.
        foreach (var from in new[] { Start.AddDays(-1), Start.AddHours(-9), Start.AddMinutes(-30), Start.AddMinutes(61) })
        {
            var days = await stats.CountPerDayAsync(Ws, DailySeries.PeopleCreated, from, 4);
            for (var d = 0; d < 4; d++)
            {
                var lo = from.AddDays(d).ToUnixTimeMilliseconds();
                Assert.Equal(await _db.ScalarAsync<long>(
                    $"SELECT count(*) FROM people WHERE workspace_id = '{Ws}' AND created_at >= {lo} AND created_at < {lo + 86_400_000}"), days[d]);
            }
        }
    }
}
#endif
