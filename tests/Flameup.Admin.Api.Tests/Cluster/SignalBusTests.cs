using System.Collections.Concurrent;
using Flameup.Admin.Core.Signals;
using Flameup.Admin.Storage.Postgres.Signals;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>Change notices between two hosts (two containers) over LISTEN/NOTIFY on one real PostgreSQL database.</summary>
public sealed class SignalBusTests(PgTestDatabase db) : IClassFixture<PgTestDatabase>
{
    static readonly TimeSpan Within = TimeSpan.FromSeconds(2);
    readonly PgTestDatabase _db = db;

    [Fact]
    public async Task A_notice_published_on_one_host_reaches_the_other_and_is_heard_once_on_its_own()
    {
        await using var a = _db.BuildHost();
        await using var b = _db.BuildHost();
        var onA = new Heard(a);
        var onB = new Heard(b);
        await onA.ListeningAsync();
        await onB.ListeningAsync();

        a.GetRequiredService<ISignalBus>().Publish(Signal.PeopleChanged("ws_one"));
        Assert.Equal(1, onA.Count(Signal.PeopleChanged("ws_one"))); // at once, before Publish returned

        await onB.WaitForAsync(Signal.PeopleChanged("ws_one"));
        await Task.Delay(300);
        Assert.Equal(1, onA.Count(Signal.PeopleChanged("ws_one"))); // its own echo is skipped
        Assert.Equal(1, onB.Count(Signal.PeopleChanged("ws_one")));
    }

    [Fact]
    public async Task A_burst_of_notices_is_merged_into_few_notifies()
    {
        await using var a = _db.BuildHost();
        await using var b = _db.BuildHost();
        var onB = new Heard(b);
        await onB.ListeningAsync();

        var bus = a.GetRequiredService<ISignalBus>();
        for (var i = 0; i < 500; i++) bus.Publish(Signal.PeopleChanged("ws_busy"));
        bus.Publish(Signal.EventsRecorded("ws_busy"));

        await onB.WaitForAsync(Signal.EventsRecorded("ws_busy"));
        await Task.Delay(300);
        // The sender merges what queued while a NOTIFY was on its way: 500 writes are a handful of notices, not 500.
        Assert.InRange(onB.Count(Signal.PeopleChanged("ws_busy")), 1, 10);
    }

    [Fact]
    public async Task The_listener_comes_back_by_itself_after_its_connection_is_killed_and_says_resync()
    {
        await using var a = _db.BuildHost();
        await using var b = _db.BuildHost();
        var onB = new Heard(b);
        await onB.ListeningAsync();
        var resyncs = onB.Count(Signal.Resync);

        await _db.TerminateConnectionsAsync(PgSignalListener.ApplicationName); // both hosts' listeners

        await onB.WaitForAsync(Signal.Resync, resyncs + 1); // dashboards refresh, the key cache is emptied
        a.GetRequiredService<ISignalBus>().Publish(Signal.ApiKeyChanged("key-after-restart"));
        await onB.WaitForAsync(Signal.ApiKeyChanged("key-after-restart"));
    }

    [Fact]
    public async Task A_command_line_style_publish_right_before_disposing_still_goes_out()
    {
        await using var b = _db.BuildHost();
        var onB = new Heard(b);
        await onB.ListeningAsync();

        await using (var cli = _db.BuildHost())
            cli.GetRequiredService<ISignalBus>().Publish(Signal.ApiKeyChanged("revoked-by-cli"));

        await onB.WaitForAsync(Signal.ApiKeyChanged("revoked-by-cli"));
    }

    /// <summary>What one host's subscriber heard.</summary>
    sealed class Heard
    {
        readonly ConcurrentQueue<Signal> _signals = new();
        readonly SemaphoreSlim _arrived = new(0);

        public Heard(IServiceProvider host) => host.GetRequiredService<ISignalBus>().Subscribe(s =>
        {
            _signals.Enqueue(s);
            _arrived.Release();
        });

        public int Count(Signal signal) => _signals.Count(s => s == signal);

        /// <summary>The listener says Resync each time it starts listening.</summary>
        public Task ListeningAsync() => WaitForAsync(Signal.Resync, 1, TimeSpan.FromSeconds(10));

        public async Task WaitForAsync(Signal signal, int times = 1, TimeSpan? within = null)
        {
            var until = DateTime.UtcNow + (within ?? Within);
            while (Count(signal) < times)
            {
                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                    Assert.Fail($"{signal} not heard {times} time(s) within {within ?? Within}; heard: {string.Join(", ", _signals)}");
            }
        }
    }
}
