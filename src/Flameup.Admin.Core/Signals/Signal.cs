namespace Flameup.Admin.Core.Signals;

public enum SignalKind
{
    /// <summary>People of the workspace <see cref="Signal.Subject"/> were created, changed or deleted.</summary>
    PeopleChanged,
    /// <summary>Events were recorded in the workspace <see cref="Signal.Subject"/>.</summary>
    EventsRecorded,
    /// <summary>The API key with id <see cref="Signal.Subject"/> was revoked or changed: drop what is cached of it.</summary>
    ApiKeyChanged,
    /// <summary>Notices may have been missed (a host's listener was reconnected): refresh everything cached.</summary>
    Resync,
}

/// <summary>A change notice every host hears; small on purpose (a kind and an id), the listener reloads what it needs.</summary>
public readonly record struct Signal(SignalKind Kind, string Subject)
{
    public static Signal PeopleChanged(string workspaceId) => new(SignalKind.PeopleChanged, workspaceId);
    public static Signal EventsRecorded(string workspaceId) => new(SignalKind.EventsRecorded, workspaceId);
    public static Signal ApiKeyChanged(string keyId) => new(SignalKind.ApiKeyChanged, keyId);
    public static readonly Signal Resync = new(SignalKind.Resync, "");
}
