using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>The field rules of a person (API.md "Person"); trait rules are in <see cref="TraitRules"/>.</summary>
public static partial class PersonRules
{
    public const int UserIdMax = 255;
    public const int EmailMax = 254;
    public const int AnonymousIdMax = 255;

    /// <summary>Create, upsert and batch items: userId is required.</summary>
    public static void ValidateForUpsert(PersonInput input, string prefix, ValidationErrors errors)
    {
        if (!errors.Has(prefix + "userId"))
        {
            if (input.UserId is null) errors.Add(prefix + "userId", "is required");
            else ValidateUserId(input.UserId, prefix + "userId", errors);
        }
        ValidateCommon(input, prefix, errors);
    }

    /// <summary>Update: every field is optional, but those given must be valid.</summary>
    public static void ValidateForUpdate(PersonInput input, string prefix, ValidationErrors errors)
    {
        if (input.UserIdGiven && !errors.Has(prefix + "userId"))
        {
            if (input.UserId is null) errors.Add(prefix + "userId", "cannot be null; give a new userId or leave the field out");
            else ValidateUserId(input.UserId, prefix + "userId", errors);
        }
        ValidateCommon(input, prefix, errors);
    }

    static void ValidateCommon(PersonInput input, string prefix, ValidationErrors errors)
    {
        if (input.Email is not null && !errors.Has(prefix + "email"))
            ValidateEmail(input.Email, prefix + "email", errors);
        if (input.StatusGiven && !errors.Has(prefix + "status") && !PersonStatus.IsValid(input.Status))
            errors.Add(prefix + "status", $"must be one of {string.Join(", ", PersonStatus.All)}");
        if (input.AnonymousId is not null && !errors.Has(prefix + "anonymousId"))
        {
            if (input.AnonymousId.Length is 0 or > AnonymousIdMax || string.IsNullOrWhiteSpace(input.AnonymousId))
                errors.Add(prefix + "anonymousId", $"must be 1 to {AnonymousIdMax} characters and not blank");
        }
        if (input.Traits is not null && !errors.Has(prefix + "traits"))
            TraitRules.ValidatePatch(input.Traits, prefix + "traits", errors);
    }

    public static void ValidateUserId(string userId, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(userId)) errors.Add(field, "must not be empty or blank");
        else if (userId.Length > UserIdMax) errors.Add(field, $"must be at most {UserIdMax} characters (got {userId.Length})");
        else if (Chars.HasControl(userId)) errors.Add(field, "must not contain control characters");
    }

    public static void ValidateEmail(string email, string field, ValidationErrors errors)
    {
        if (email.Length > EmailMax) errors.Add(field, $"must be at most {EmailMax} characters (got {email.Length})");
        else if (!EmailShape().IsMatch(email)) errors.Add(field, "must be an email address like name@example.com");
    }

    /// <summary>
    /// The one email normalisation of every front door (REST, dashboard, imports): surrounding whitespace goes, so
    /// <c>" jane@x.io"</c> is stored as <c>jane@x.io</c> however it arrives. Applied by <see cref="PersonGate"/>.
    /// </summary>
    public static string NormalizeEmail(string email) => email.Trim();

    public static bool IsEmail(string email) => email.Length <= EmailMax && EmailShape().IsMatch(email);

    // local@domain: no spaces, one @, a domain of dot-separated labels.
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*$")]
    private static partial Regex EmailShape();
}
