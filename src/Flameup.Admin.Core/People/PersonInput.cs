using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.People;

/// <summary>
/// What a caller asked to set on a person. A field left null was not given; for <see cref="Email"/>,
/// <see cref="EmailGiven"/> with a null value means "clear it". In <see cref="Traits"/> a null value removes that key.
/// </summary>
public sealed class PersonInput
{
    public string? UserId { get; set; }
    public bool UserIdGiven { get; set; }
    public string? Email { get; set; }
    public bool EmailGiven { get; set; }
    public string? Status { get; set; }
    public bool StatusGiven { get; set; }
    public JsonObject? Traits { get; set; }
    public string? AnonymousId { get; set; }

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
