using System.Text.Json;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;

namespace Flameup.Admin.Core.People;

/// <summary>The wire form of a person and an event, field names exactly as the public API documents them.</summary>
public static class PersonJson
{
    public static void Write(Utf8JsonWriter w, Person p, bool? wasCreated = null)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("workspace_id", p.WorkspaceId);
        w.WriteString("userId", p.UserId);
        if (p.Email is null) w.WriteNull("email"); else w.WriteString("email", p.Email);
        w.WriteString("status", p.Status);
        w.WritePropertyName("traits");
        w.WriteRawValue(p.TraitsJson, skipInputValidation: true);
        w.WriteString("created_at", Timestamps.Format(p.CreatedAt));
        w.WriteString("updated_at", Timestamps.Format(p.UpdatedAt));
        if (wasCreated is { } created) w.WriteBoolean("was_created", created);
        w.WriteEndObject();
    }

    /// <summary>
    /// Only what identifies a person record, without its data (no email, status or traits): the answer to a write
    /// whose caller may not read people. <c>was_created</c> as in <see cref="Write"/>.
    /// </summary>
    public static void WriteIdentity(Utf8JsonWriter w, Person p, bool? wasCreated = null)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("workspace_id", p.WorkspaceId);
        w.WriteString("userId", p.UserId);
        w.WriteString("created_at", Timestamps.Format(p.CreatedAt));
        w.WriteString("updated_at", Timestamps.Format(p.UpdatedAt));
        if (wasCreated is { } created) w.WriteBoolean("was_created", created);
        w.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter w, PersonEvent e)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        if (e.PersonId is { } pid) w.WriteString("person_id", pid); else w.WriteNull("person_id");
        w.WriteString("name", e.Name);
        w.WritePropertyName("properties");
        w.WriteRawValue(e.PropertiesJson, skipInputValidation: true);
        w.WriteString("timestamp", Timestamps.Format(e.Timestamp));
        w.WriteEndObject();
    }
}
