namespace Flameup.Admin.Core.People;

/// <summary>The three statuses of the API, spelled as on the wire.</summary>
public static class PersonStatus
{
    public const string Active = "active";
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";

    public static readonly IReadOnlyList<string> All = [Active, Unsubscribed, Bounced];

    public static bool IsValid(string? value) => value is Active or Unsubscribed or Bounced;
}
