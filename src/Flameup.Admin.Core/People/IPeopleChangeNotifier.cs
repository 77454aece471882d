namespace Flameup.Admin.Core.People;

/// <summary>Told after people of a workspace were created, changed or deleted (the live dashboard listens).</summary>
public interface IPeopleChangeNotifier
{
    void PeopleChanged(string workspaceId);
}

/// <summary>Fires synchronously after each committed change; coalescing for open dashboards lives in <c>Live/</c>.</summary>
public sealed class PeopleChangeNotifier : IPeopleChangeNotifier
{
    public event Action<string>? Changed;

    public void PeopleChanged(string workspaceId) => Changed?.Invoke(workspaceId);
}
