namespace Flameup.Admin.Core.Signals;

/// <summary>
/// Change notices across hosts. Publish after the change is committed; every host's subscribers hear it, this host's
/// at once (before <see cref="Publish"/> returns), the others' as soon as the storage carries it (in process for SQLite,
/// LISTEN/NOTIFY for PostgreSQL). A notice can be lost (a host dies between commit and notice): listeners keep a short
/// fallback bound on what they cache, and hear <see cref="SignalKind.Resync"/> when notices may have been missed.
/// </summary>
public interface ISignalBus
{
    /// <summary>Never throws and never waits on the database.</summary>
    void Publish(Signal signal);

    /// <summary>The handler runs on the thread that delivers the notice: keep it short and non-throwing.</summary>
    IDisposable Subscribe(Action<Signal> handler);
}
