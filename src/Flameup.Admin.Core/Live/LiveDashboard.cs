using Flameup.Admin.Core.Signals;
using Flameup.Admin.Core.Stats;

namespace Flameup.Admin.Core.Live;

/// <summary>
/// Keeps open dashboards current. Change notices of a workspace are coalesced: subscribers get at
/// most one fresh snapshot per <see cref="Interval"/> per workspace, and one snapshot is loaded for
/// all of them, so N open dashboards cost one stats query per interval, not one per change per dashboard.
/// </summary>
public sealed class LiveDashboard : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    // A change can come without a notice (the CLI's seed-demo; on SQLite any other process; on PostgreSQL a host that
    // died between commit and notice), so a snapshot is not trusted longer than this.
    static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    readonly IDisposable _subscription;
    readonly Func<string, CancellationToken, Task<DashboardSnapshot>> _load;
    readonly TimeProvider _clock;
    readonly Lock _gate = new();
    readonly Dictionary<string, WorkspaceFeed> _feeds = new();

    public LiveDashboard(ISignalBus signals, StatsService stats, DailyActivityService activity, TimeProvider clock)
        : this(signals, async (ws, ct) => new DashboardSnapshot(ws, await stats.GetAsync(ws, ct),
            await activity.GetAsync(ws, DailyActivityService.MaxDays, ct), clock.GetUtcNow()), clock, DefaultInterval) { }

    internal LiveDashboard(ISignalBus signals, Func<string, CancellationToken, Task<DashboardSnapshot>> load, TimeProvider clock, TimeSpan interval)
    {
        _load = load;
        _clock = clock;
        Interval = interval;
        _subscription = signals.Subscribe(OnSignal);
    }

    public TimeSpan Interval { get; }

    /// <summary>The current snapshot: the last one loaded unless a change came since or it is old.</summary>
    public Task<DashboardSnapshot> GetAsync(string ws, CancellationToken ct = default)
    {
        WorkspaceFeed feed;
        lock (_gate) feed = Feed(ws);
        var last = feed.Last;
        if (last is not null && !feed.Dirty && _clock.GetUtcNow() - last.TakenAt < MaxAge) return Task.FromResult(last);
        return feed.LoadAsync(ct);
    }

    /// <summary>Calls <paramref name="onSnapshot"/> with a fresh snapshot after people or events of the workspace changed.</summary>
    public IDisposable Subscribe(string ws, Func<DashboardSnapshot, Task> onSnapshot)
    {
        lock (_gate)
        {
            var feed = Feed(ws);
            feed.Subscribers.Add(onSnapshot);
            return new Subscription(this, ws, onSnapshot);
        }
    }

    public void Dispose() => _subscription.Dispose();

    WorkspaceFeed Feed(string ws)
    {
        if (!_feeds.TryGetValue(ws, out var feed)) _feeds[ws] = feed = new WorkspaceFeed(this, ws);
        return feed;
    }

    void OnSignal(Signal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.PeopleChanged or SignalKind.EventsRecorded:
                lock (_gate) Feed(signal.Subject).MarkChanged();
                break;
            case SignalKind.Resync:
                lock (_gate) foreach (var feed in _feeds.Values) feed.MarkChanged();
                break;
        }
    }

    void Unsubscribe(string ws, Func<DashboardSnapshot, Task> onSnapshot)
    {
        lock (_gate)
        {
            if (_feeds.TryGetValue(ws, out var feed)) feed.Subscribers.Remove(onSnapshot);
        }
    }

    sealed class Subscription(LiveDashboard owner, string ws, Func<DashboardSnapshot, Task> onSnapshot) : IDisposable
    {
        int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(ws, onSnapshot);
        }
    }

    /// <summary>One workspace: its last snapshot, its subscribers and the pending publish, if any. Guarded by the owner's lock.</summary>
    sealed class WorkspaceFeed(LiveDashboard owner, string ws)
    {
        public readonly List<Func<DashboardSnapshot, Task>> Subscribers = [];
        public volatile DashboardSnapshot? Last;
        public volatile bool Dirty;
        bool _scheduled;
        ITimer? _timer; // referenced so it is not collected before it fires
        Task<DashboardSnapshot>? _loading;
        DateTimeOffset _lastPublish = DateTimeOffset.MinValue;

        public void MarkChanged()
        {
            Dirty = true;
            if (_scheduled || Subscribers.Count == 0) return;
            _scheduled = true;
            var now = owner._clock.GetUtcNow();
            var wait = _lastPublish + owner.Interval - now;
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            _timer?.Dispose();
            _timer = owner._clock.CreateTimer(_ => _ = PublishAsync(), null, wait, Timeout.InfiniteTimeSpan);
        }

        /// <summary>Loads once however many callers ask at the same time.</summary>
        public Task<DashboardSnapshot> LoadAsync(CancellationToken ct)
        {
            lock (owner._gate)
            {
                if (_loading is { IsCompleted: false }) return _loading;
                Dirty = false;
                return _loading = LoadCoreAsync();
            }
        }

        async Task<DashboardSnapshot> LoadCoreAsync()
        {
            try
            {
                var snapshot = await owner._load(ws, CancellationToken.None);
                Last = snapshot;
                return snapshot;
            }
            catch
            {
                Dirty = true;
                throw;
            }
        }

        async Task PublishAsync()
        {
            Func<DashboardSnapshot, Task>[] subscribers;
            lock (owner._gate)
            {
                _scheduled = false;
                _lastPublish = owner._clock.GetUtcNow();
                subscribers = Subscribers.ToArray();
            }
            if (subscribers.Length == 0) return;
            DashboardSnapshot snapshot;
            try { snapshot = await LoadAsync(CancellationToken.None); }
            catch { return; } // the next change or page load tries again
            foreach (var subscriber in subscribers)
            {
                try { await subscriber(snapshot); }
                catch { } // one broken circuit must not stop the others
            }
            lock (owner._gate)
            {
                // A change that arrived while loading is not in this snapshot: publish again after the interval.
                if (Dirty) MarkChanged();
            }
        }
    }
}
