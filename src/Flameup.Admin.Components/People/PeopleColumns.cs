namespace Flameup.Admin.Components.People;

/// <summary>The people table's columns an operator can hide (userId always shows: it opens the person).</summary>
public static class PeopleColumns
{
    public const string Email = "email";
    public const string Name = "name";
    public const string Status = "status";
    public const string Created = "created";
    public const string Updated = "updated";

    public static readonly IReadOnlyList<(string Key, string Label)> Optional =
        [(Email, "Email"), (Name, "Name"), (Status, "Status"), (Created, "Created"), (Updated, "Updated")];
}
