namespace Flameup.Admin.Core.Signals;

/// <summary>The signals of one process: a publish calls each subscriber in turn (single-host storage, and the local half of a cluster bus).</summary>
public sealed class LocalSignalBus : ISignalBus
{
    readonly Lock _gate = new();
    Action<Signal>[] _handlers = [];

    public void Publish(Signal signal)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try { handler(signal); }
            catch { } // one broken subscriber must not stop the others or fail the write that published
        }
    }

    public IDisposable Subscribe(Action<Signal> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    void Unsubscribe(Action<Signal> handler)
    {
        lock (_gate) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    sealed class Subscription(LocalSignalBus bus, Action<Signal> handler) : IDisposable
    {
        int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) bus.Unsubscribe(handler);
        }
    }
}
