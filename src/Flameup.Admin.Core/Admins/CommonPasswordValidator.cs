using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;

namespace Flameup.Admin.Core.Admins;

/// <summary>Refuses a password found (case-insensitively) on the embedded list of common passwords.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AdminUser>
{
    public const string ErrorCode = "CommonPassword";

    static readonly Lazy<HashSet<string>> List = new(Load);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => List.Value.Count;

    public static bool IsCommon(string? password) =>
        !string.IsNullOrEmpty(password) && List.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<AdminUser> manager, AdminUser user, string? password) =>
        Task.FromResult(IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = ErrorCode,
                Description = "Passwords must not be a common password: this one is on the list of well-known passwords. Choose something harder to guess, for example a few unrelated words.",
            })
            : IdentityResult.Success);

    static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Flameup.Admin.Core.Admins.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list of common passwords is missing from Flameup.Admin.Core.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) set.Add(line.Trim());
        return set;
    }
}
