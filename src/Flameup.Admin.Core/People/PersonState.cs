using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.People;

/// <summary>A person being changed inside a write transaction (loaded and saved by an <see cref="Storage.Ports.IWriteSession"/>).</summary>
public sealed class PersonState
{
    public long Pk;
    public Guid Id;
    public required string WorkspaceId;
    public required string UserId;
    public string? Email;
    public string Status = PersonStatus.Active;
    /// <summary>
    /// The traits; changed in place only by <see cref="Apply"/>. Either way the serialized form is made again. After
    /// <see cref="KeepSerializedTraitsOnly"/> they are parsed again from it when next asked for.
    /// </summary>
    public JsonObject Traits
    {
        get => _traits ??= JsonNode.Parse(_traitsJson!) as JsonObject ?? new JsonObject();
        set { _traits = value; _traitsJson = null; }
    }

    // At least one of the two is set: the tree (changed by Apply) and its serialized form (dropped by any change, made
    // again when asked for); KeepSerializedTraitsOnly drops the tree instead.
    JsonObject? _traits = new();
    string? _traitsJson;
    public DateTimeOffset CreatedAt;
    public DateTimeOffset UpdatedAt;
    public bool IsNew;
    /// <summary>The userId the row had when loaded (the key it is stored under).</summary>
    public string? StoredUserId;
    /// <summary>The email and status the row has in the database, so an update writes only what changed.</summary>
    public string? StoredEmail;
    public string? StoredStatus;

    public static PersonState From(Person p) => new()
    {
        Pk = p.Pk,
        Id = p.Id,
        WorkspaceId = p.WorkspaceId,
        UserId = p.UserId,
        StoredUserId = p.UserId,
        StoredEmail = p.Email,
        StoredStatus = p.Status,
        Email = p.Email,
        Status = p.Status,
        Traits = JsonNode.Parse(p.TraitsJson) as JsonObject ?? new JsonObject(),
        CreatedAt = p.CreatedAt,
        UpdatedAt = p.UpdatedAt,
    };

    public Person ToPerson() =>
        new(Id, WorkspaceId, UserId, Email, Status, TraitsJson(), CreatedAt, UpdatedAt) { Pk = Pk };

    /// <summary>
    /// The traits serialized (<see cref="TraitRules.Serialize"/>), once per change: a write checks their size, stores
    /// them and returns them, three uses of one string.
    /// </summary>
    public string TraitsJson() => _traitsJson ??= TraitRules.Serialize(Traits);

    /// <summary>
    /// Keeps the traits serialized only, until something asks for <see cref="Traits"/> again: a person prepared ahead of
    /// its write (an import's next batch) then holds one string instead of a tree of nodes while it waits, which is most
    /// of what the garbage collector has to copy during an import.
    /// </summary>
    public void KeepSerializedTraitsOnly()
    {
        TraitsJson();
        _traits = null;
    }

    /// <summary>Applies an input (fields and a key-by-key trait merge) and lists what changed.</summary>
    public List<FieldChange> Apply(PersonInput input)
    {
        var traits = Traits; // parsed again first if only the serialized form was kept
        _traitsJson = null;
        var changes = new List<FieldChange>(3 + (input.Traits?.Count ?? 0));
        if (input.UserIdGiven && input.UserId is not null && (IsNew || input.UserId != UserId))
        {
            changes.Add(new FieldChange("userId", IsNew ? null : UserId, input.UserId));
            UserId = input.UserId;
        }
        if (input.EmailGiven && !string.Equals(input.Email, Email, StringComparison.Ordinal))
        {
            changes.Add(new FieldChange("email", Email, input.Email));
            Email = input.Email;
        }
        if (IsNew && !(input.StatusGiven && input.Status is not null))
            changes.Add(new FieldChange("status", null, Status));
        if (input.StatusGiven && input.Status is not null && (IsNew || input.Status != Status))
        {
            changes.Add(new FieldChange("status", IsNew ? null : Status, input.Status));
            Status = input.Status;
        }
        if (input.Traits is not null) TraitMerge.Apply(traits, input.Traits, changes);
        return changes;
    }
}
