namespace Flameup.Admin.Core.People;

/// <summary>Told after a committed change that the dashboard shows (the live dashboard listens).</summary>
public interface IPeopleChangeNotifier
{
    /// <summary>People of the workspace were created, changed or deleted.</summary>
    void PeopleChanged(string workspaceId);

    /// <summary>Events were recorded in the workspace (its events-per-day count moved).</summary>
    void EventsRecorded(string workspaceId);
}

/// <summary>Fires synchronously after each committed change; coalescing for open dashboards lives in <c>Live/</c>.</summary>
public sealed class PeopleChangeNotifier : IPeopleChangeNotifier
{
    public event Action<string>? Changed;

    public void PeopleChanged(string workspaceId) => Changed?.Invoke(workspaceId);

    public void EventsRecorded(string workspaceId) => Changed?.Invoke(workspaceId);
}
