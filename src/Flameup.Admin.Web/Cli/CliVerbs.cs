using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Flameup.Admin.Web.Cli;

/// <summary>Where features add their command-line verbs (users, seed-demo) without touching CliCommands.</summary>
public static partial class CliVerbs
{
    public static void RegisterAll()
    {
        CliCommands.Register("users create", UsersCreate);
        CliCommands.Register("users list", UsersList);
        SeedDemoVerb.Register();
        ImportsVerb.Register();
    }

    /// <summary>
    /// <c>users create --email E [--password P] [--role Admin|Viewer]</c>: a new dashboard user, or for an existing
    /// email a new password (and unlocks the account). A generated password is printed alone on the last line.
    /// </summary>
    static async Task<int> UsersCreate(IServiceProvider sp, CliArgs a)
    {
        var email = PersonRules.NormalizeEmail(a.Require("email")); // the lookup of an existing user must see the stored form
        var role = a["role"] ?? AdminRoles.Admin;
        role = role.Equals(AdminRoles.Admin, StringComparison.OrdinalIgnoreCase) ? AdminRoles.Admin
            : role.Equals(AdminRoles.Viewer, StringComparison.OrdinalIgnoreCase) ? AdminRoles.Viewer
            : throw new CliException($"--role must be {AdminRoles.Admin} or {AdminRoles.Viewer} (got '{role}')");
        var given = a["password"];
        var generated = string.IsNullOrEmpty(given) || given == "true";
        var password = generated ? OneTimePassword.Generate() : given!;

        await using var scope = sp.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = await users.FindByEmailAsync(email);
        // A generated password works once (the user chooses their own at first sign-in); a given one is theirs.
        if (existing is null)
        {
            try
            {
                var added = await sp.GetRequiredService<AdminUserService>().AddAsync(Actor.System, email, role, generated ? null : given);
                if (generated) password = added.OneTimePassword!;
            }
            catch (DomainValidationException e)
            {
                throw new CliException(string.Join(" ", e.Errors.SelectMany(f => f.Value.Select(m => $"--{f.Key} {m}"))));
            }
            Console.Error.WriteLine($"Created {role} {email}.");
        }
        else
        {
            // Same email again: a new password (and role when given), unlocked, other sessions ended.
            if (a["role"] is not null) existing.Role = role;
            var result = await OneTimePassword.ResetAsync(users, db, existing, password, oneTime: generated);
            if (!result.Succeeded) throw new CliException(AdminUi.Describe(result));
            Console.Error.WriteLine($"{email} already existed: set a new password{(a["role"] is not null ? $" and role {role}" : "")}, and unlocked the account.");
        }
        if (generated)
        {
            Console.Error.WriteLine("Password (shown once; it works once, then they choose their own):");
            Console.WriteLine(password);
        }
        return 0;
    }

    static async Task<int> UsersList(IServiceProvider sp, CliArgs a)
    {
        await using var scope = sp.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        Console.WriteLine($"{"EMAIL",-40}  {"ROLE",-7}  STATE");
        foreach (var u in users.Users.OrderBy(u => u.Email).ToList())
            Console.WriteLine($"{u.Email,-40}  {u.Role,-7}  {(u.LockoutEnd > DateTimeOffset.UtcNow ? "locked" : "active")}");
        return 0;
    }
}
