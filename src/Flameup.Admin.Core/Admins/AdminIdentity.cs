using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Admins;

/// <summary>
/// The rules for dashboard accounts, in one place for the server, the command line and the tests: passwords of at
/// least <see cref="MinPasswordLength"/> characters with upper and lower case and a digit, not on the list of
/// common passwords; 5 failed sign-ins lock an account for 15 minutes; a session's security stamp is checked
/// again at least every <see cref="SessionCheckInterval"/>, so a reset password, a changed role or a removed
/// account ends every other session within that time.
/// </summary>
public static class AdminIdentity
{
    public const int MinPasswordLength = 12;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SessionCheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>The password rule in words, for forms and the README.</summary>
    public static readonly string PasswordRule =
        $"At least {MinPasswordLength} characters with upper and lower case letters and a digit, and not a common password.";

    public static void Configure(IdentityOptions o)
    {
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = MinPasswordLength;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireDigit = true;
        o.Lockout.AllowedForNewUsers = true;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
        o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
        o.SignIn.RequireConfirmedAccount = false;
    }

    /// <summary>Identity's user manager for <see cref="AdminUser"/> on <see cref="AppDbContext"/> with these rules.</summary>
    public static IdentityBuilder AddAdminIdentity(this IServiceCollection services)
    {
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionCheckInterval);
        return services.AddIdentityCore<AdminUser>(Configure)
            .AddEntityFrameworkStores<AppDbContext>()
            .AddPasswordValidator<CommonPasswordValidator>();
    }
}
