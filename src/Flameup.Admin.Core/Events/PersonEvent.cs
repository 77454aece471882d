using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.Events;

/// <summary>Something that happened to a person. <see cref="PersonId"/> is null while an anonymous event waits to be merged.</summary>
public sealed record PersonEvent(Guid Id, Guid? PersonId, string Name, string PropertiesJson, DateTimeOffset Timestamp);

/// <summary>An event a caller sends.</summary>
public sealed class EventInput
{
    public string? Name { get; set; }
    public JsonObject? Properties { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? UserId { get; set; }
    public string? AnonymousId { get; set; }
}

public sealed record EventsPage(IReadOnlyList<PersonEvent> Events, long Total, int Limit, int Offset);

/// <summary>The events the service records itself.</summary>
public static class SystemEvents
{
    public const string PersonCreated = "person.created";
    public const string PersonUpdated = "person.updated";
}
