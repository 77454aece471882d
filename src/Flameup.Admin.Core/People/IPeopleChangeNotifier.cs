using Flameup.Admin.Core.Signals;

namespace Flameup.Admin.Core.People;

/// <summary>Told after a committed change that the dashboard shows (the live dashboard listens, on every host).</summary>
public interface IPeopleChangeNotifier
{
    /// <summary>People of the workspace were created, changed or deleted.</summary>
    void PeopleChanged(string workspaceId);

    /// <summary>Events were recorded in the workspace (its events-per-day count moved).</summary>
    void EventsRecorded(string workspaceId);
}

/// <summary>Publishes each committed change once on the signal bus; coalescing for open dashboards lives in <c>Live/</c>.</summary>
public sealed class PeopleChangeNotifier(ISignalBus bus) : IPeopleChangeNotifier
{
    public void PeopleChanged(string workspaceId) => bus.Publish(Signal.PeopleChanged(workspaceId));

    public void EventsRecorded(string workspaceId) => bus.Publish(Signal.EventsRecorded(workspaceId));
}
