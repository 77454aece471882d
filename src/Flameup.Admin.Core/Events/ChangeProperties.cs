using System.Text.Json;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Events;

/// <summary>
/// The properties of <c>person.created</c> / <c>person.updated</c>:
/// <c>{"changes": {"email": {"old": "a@x.io", "new": "b@x.io"}, "traits.plan": {"old": null, "new": "pro"}}}</c>.
/// </summary>
public static class ChangeProperties
{
    public static string Build(IReadOnlyList<FieldChange> changes) => Json.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("changes");
        foreach (var change in changes)
        {
            w.WriteStartObject(change.Field);
            w.WritePropertyName("old");
            Json.WriteNode(w, change.Old);
            w.WritePropertyName("new");
            Json.WriteNode(w, change.New);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Reads back the changed field names of a system event (for the timeline).</summary>
    public static IReadOnlyList<string> ChangedFields(string propertiesJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(propertiesJson);
            return doc.RootElement.TryGetProperty("changes", out var c) && c.ValueKind == JsonValueKind.Object
                ? c.EnumerateObject().Select(p => p.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
