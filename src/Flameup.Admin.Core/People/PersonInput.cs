using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.People;

/// <summary>
/// What a caller asked to set on a person. A field left null was not given; for <see cref="Email"/>,
/// <see cref="EmailGiven"/> with a null value means "clear it". In <see cref="Traits"/> a null value removes that key.
/// </summary>
public sealed class PersonInput
{
    public string? UserId { get; set { field = value; CheckedAs = null; } }
    public bool UserIdGiven { get; set { field = value; CheckedAs = null; } }
    public string? Email { get; set { field = value; CheckedAs = null; } }
    public bool EmailGiven { get; set { field = value; CheckedAs = null; } }
    public string? Status { get; set { field = value; CheckedAs = null; } }
    public bool StatusGiven { get; set { field = value; CheckedAs = null; } }
    public JsonObject? Traits { get; set { field = value; CheckedAs = null; } }
    public string? AnonymousId { get; set { field = value; CheckedAs = null; } }

    /// <summary>
    /// Set by <see cref="PersonGate"/> once this input was normalised and passed the rules, so it is not checked a
    /// second time on its way in; any change to a field clears it.
    /// </summary>
    internal PersonRuleSet? CheckedAs { get; set; }

    public static PersonInput For(string userId, string? email = null, JsonObject? traits = null, string? status = null) => new()
    {
        UserId = userId,
        UserIdGiven = true,
        Email = email,
        EmailGiven = email is not null,
        Status = status,
        StatusGiven = status is not null,
        Traits = traits,
    };
}
