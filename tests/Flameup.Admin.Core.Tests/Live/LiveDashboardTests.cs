using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Live;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Signals;
using Flameup.Admin.Core.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flameup.Admin.Core.Tests.Live;

public sealed class LiveDashboardTests
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    readonly LocalSignalBus _signals = new();
    readonly PeopleChangeNotifier _notifier;
    int _loads;

    public LiveDashboardTests() => _notifier = new PeopleChangeNotifier(_signals);

    LiveDashboard Create() => new(_signals, (ws, _) =>
    {
        var n = Interlocked.Increment(ref _loads);
        return Task.FromResult(new DashboardSnapshot(ws, new PeopleStats(n, n, 0, 0, n), new DailyActivity([], []), _clock.GetUtcNow()));
    }, _clock, Interval);

    [Fact]
    public void Many_changes_and_many_dashboards_cost_one_load_per_interval()
    {
        using var live = Create();
        var received = new int[10];
        var subscriptions = Enumerable.Range(0, 10)
            .Select(i => live.Subscribe("ws_a", s => { received[i]++; return Task.CompletedTask; })).ToList();

        for (var i = 0; i < 100; i++) _notifier.PeopleChanged("ws_a");
        Assert.Equal(1, _loads); // the first change goes out at once...
        _clock.Advance(Interval);
        Assert.Equal(2, _loads); // ...the other 99 together one interval later
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _loads);
        Assert.All(received, n => Assert.Equal(2, n));
    }

    [Fact]
    public void A_change_right_after_a_publish_waits_for_the_interval()
    {
        using var live = Create();
        var totals = new List<long>();
        using var sub = live.Subscribe("ws_a", s => { totals.Add(s.Stats.Total); return Task.CompletedTask; });

        _notifier.PeopleChanged("ws_a");
        _clock.Advance(TimeSpan.Zero);
        Assert.Equal([1L], totals); // the first change after a quiet period goes out at once

        _notifier.PeopleChanged("ws_a");
        _notifier.PeopleChanged("ws_a");
        _clock.Advance(Interval / 2);
        Assert.Equal([1L], totals);
        _clock.Advance(Interval / 2);
        Assert.Equal([1L, 2], totals);
        Assert.Equal(2, _loads);
    }

    [Fact]
    public void Changes_of_another_workspace_or_without_subscribers_load_nothing()
    {
        using var live = Create();
        var got = 0;
        using var sub = live.Subscribe("ws_a", _ => { got++; return Task.CompletedTask; });
        _notifier.PeopleChanged("ws_b");
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, got);
        Assert.Equal(0, _loads);
    }

    [Fact]
    public void A_resync_refreshes_every_open_workspace_once()
    {
        using var live = Create();
        var got = new List<string>();
        using var a = live.Subscribe("ws_a", s => { got.Add(s.WorkspaceId); return Task.CompletedTask; });
        using var b = live.Subscribe("ws_b", s => { got.Add(s.WorkspaceId); return Task.CompletedTask; });
        _signals.Publish(Signal.Resync);
        _clock.Advance(Interval);
        Assert.Equal(["ws_a", "ws_b"], got.Order());
    }

    [Fact]
    public void A_disposed_subscription_hears_nothing_more()
    {
        using var live = Create();
        var got = 0;
        var sub = live.Subscribe("ws_a", _ => { got++; return Task.CompletedTask; });
        sub.Dispose();
        _notifier.PeopleChanged("ws_a");
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, got);
    }

    [Fact]
    public void A_failing_subscriber_does_not_stop_the_others()
    {
        using var live = Create();
        var got = 0;
        using var bad = live.Subscribe("ws_a", _ => throw new InvalidOperationException("circuit gone"));
        using var good = live.Subscribe("ws_a", _ => { got++; return Task.CompletedTask; });
        _notifier.PeopleChanged("ws_a");
        _clock.Advance(Interval);
        Assert.Equal(1, got);
    }

    [Fact]
    public async Task GetAsync_reuses_the_snapshot_until_a_change_or_it_is_old()
    {
        using var live = Create();
        Assert.Equal(1, (await live.GetAsync("ws_a")).Stats.Total);
        Assert.Equal(1, (await live.GetAsync("ws_a")).Stats.Total);
        _notifier.PeopleChanged("ws_a");
        Assert.Equal(2, (await live.GetAsync("ws_a")).Stats.Total);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, (await live.GetAsync("ws_a")).Stats.Total);
    }

    [Fact]
    public async Task A_person_created_reaches_a_subscriber_with_real_services_within_two_seconds()
    {
        await using var db = new TestDatabase(realClock: true);
        await db.InitializeAsync();
        var live = db.Services.GetRequiredService<LiveDashboard>();
        var people = db.Services.GetRequiredService<PeopleService>();
        var seen = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sub = live.Subscribe("ws_live", s => { if (s.Stats.Total == 1) seen.TrySetResult(s); return Task.CompletedTask; });

        await people.CreateAsync(Actor.System, "ws_live", PersonInput.For("jane"));

        var snapshot = await seen.Task.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(1, snapshot.Stats.Active);
        Assert.Equal(1, snapshot.Activity.PeopleCreated[^1].Count);
    }

    [Fact]
    public async Task An_ingested_event_reaches_a_subscriber_within_two_seconds()
    {
        await using var db = new TestDatabase(realClock: true);
        await db.InitializeAsync();
        var live = db.Services.GetRequiredService<LiveDashboard>();
        await db.Services.GetRequiredService<PeopleService>().CreateAsync(Actor.System, "ws_live", PersonInput.For("jane"));
        Assert.Equal(1, (await live.GetAsync("ws_live")).Activity.Events[^1].Count); // person.created
        var seen = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sub = live.Subscribe("ws_live", s => { if (s.Activity.Events[^1].Count == 2) seen.TrySetResult(s); return Task.CompletedTask; });

        await db.Services.GetRequiredService<EventsService>().IngestAsync(Actor.System, "ws_live", new EventInput { UserId = "jane", Name = "signed_in" });

        var snapshot = await seen.Task.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(1, snapshot.Stats.Total);
    }
}
