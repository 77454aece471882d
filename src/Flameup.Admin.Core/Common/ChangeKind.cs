namespace Flameup.Admin.Core.Common;

/// <summary>What a change touches, so an actor can allow one kind and refuse another.</summary>
public enum ChangeKind
{
    /// <summary>Create or change people and events, run imports.</summary>
    Write,
    /// <summary>Delete people.</summary>
    Delete,
    /// <summary>Workspaces, admin users, API keys: the dashboard's settings.</summary>
    Settings,
}
