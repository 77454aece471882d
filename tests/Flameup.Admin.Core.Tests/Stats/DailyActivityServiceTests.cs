using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Stats;

public sealed class DailyActivityServiceTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    const string Ws = "ws_test";
    DailyActivityService Activity => _db.Services.GetRequiredService<DailyActivityService>();

    public Task InitializeAsync() => _db.InitializeAsync(); // the clock starts at 2025-03-01 12:00 UTC
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Counts_people_and_events_per_utc_day_with_empty_days_as_zero()
    {
        var p = await _db.People.CreateAsync(Actor.System, Ws, PersonInput.For("a"));
        await _db.People.CreateAsync(Actor.System, Ws, PersonInput.For("b"));
        await _db.People.CreateAsync(Actor.System, "ws_other", PersonInput.For("elsewhere"));
        _db.Clock.Advance(TimeSpan.FromDays(2)); // today is 2025-03-03
        await _db.People.CreateAsync(Actor.System, Ws, PersonInput.For("c"));
        await _db.Events.RecordForPersonAsync(Actor.System, Ws, p.Id, new EventInput { Name = "old", Timestamp = _db.Clock.GetUtcNow().AddDays(-200) });
        await _db.Events.RecordForPersonAsync(Actor.System, Ws, p.Id, new EventInput { Name = "clicked" });

        var week = await Activity.GetAsync(Ws, 7);

        Assert.Equal(7, week.PeopleCreated.Count);
        Assert.Equal(new DateOnly(2025, 2, 25), week.PeopleCreated[0].Day);
        Assert.Equal(new DateOnly(2025, 3, 3), week.PeopleCreated[^1].Day);
        Assert.Equal([0L, 0, 0, 0, 2, 0, 1], week.PeopleCreated.Select(d => d.Count));
        // person.created is recorded for each person; the 200-day-old event is outside the range
        Assert.Equal([0L, 0, 0, 0, 2, 0, 2], week.Events.Select(d => d.Count));
        Assert.Equal(90, (await Activity.GetAsync(Ws)).PeopleCreated.Count);
    }

    [Fact]
    public async Task Today_is_counted_on_every_call_while_closed_days_are_kept()
    {
        await _db.People.CreateAsync(Actor.System, Ws, PersonInput.For("a"));
        Assert.Equal(1, (await Activity.GetAsync(Ws, 7)).PeopleCreated[^1].Count);
        await _db.People.CreateAsync(Actor.System, Ws, PersonInput.For("b"));
        Assert.Equal(2, (await Activity.GetAsync(Ws, 7)).PeopleCreated[^1].Count);

        _db.Clock.Advance(TimeSpan.FromDays(1)); // the day closes: it moves into the kept part
        var next = await Activity.GetAsync(Ws, 7);
        Assert.Equal([2L, 0], next.PeopleCreated.TakeLast(2).Select(d => d.Count));
    }

    [Fact]
    public async Task Last_slices_the_newest_days()
    {
        await _db.People.CreateAsync(Actor.System, Ws, PersonInput.For("a"));
        var all = await Activity.GetAsync(Ws);
        var thirty = all.Last(30);
        Assert.Equal(30, thirty.PeopleCreated.Count);
        Assert.Equal(30, thirty.Events.Count);
        Assert.Equal(all.PeopleCreated[^1], thirty.PeopleCreated[^1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(91)]
    public async Task A_range_outside_1_to_90_days_names_the_field(int days)
    {
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => Activity.GetAsync(Ws, days));
        Assert.Contains("days", e.Errors.Keys);
    }

#if !POSTGRES // SQLite query plans
    [Fact]
    public async Task Each_day_is_a_range_of_the_workspace_time_indexes()
    {
        await using var c = await _db.Database.OpenAsync();
        async Task<string> Plan(DailySeries series)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "EXPLAIN QUERY PLAN " + SqliteStatsReader.RangeCountsSql(series);
            cmd.Parameters.AddWithValue("@ws", Ws);
            cmd.Parameters.AddWithValue("@from", 0);
            cmd.Parameters.AddWithValue("@days", 90);
            var lines = new List<string>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add(r.GetString(3));
            return string.Join(" | ", lines);
        }
        Assert.Contains("COVERING INDEX ix_people_ws_created (workspace_id=? AND created_at>? AND created_at<?)", await Plan(DailySeries.PeopleCreated));
        Assert.Contains("COVERING INDEX ix_events_ws_time (workspace_id=? AND timestamp>? AND timestamp<?)", await Plan(DailySeries.Events));
    }
#endif
}
