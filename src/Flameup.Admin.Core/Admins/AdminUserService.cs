using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Admins;

public sealed record AdminUserInfo(string Id, string Email, string Role);

/// <summary>A new admin user and, when it was generated, the one-time password to hand over once (it is stored only as a hash).</summary>
public sealed record AddedAdminUser(AdminUserInfo User, string? OneTimePassword);

/// <summary>
/// The people who may sign in to the dashboard. Only an Admin changes them; nobody removes themselves,
/// and the last Admin can be neither removed nor demoted (decided by one guarded statement, see <see cref="Guarded"/>).
/// Creates users with ASP.NET Core Identity's user manager (registered by the host) in a scope per operation, so
/// password rules and hashing stay Identity's.
/// </summary>
public sealed class AdminUserService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> contexts)
{
    public static readonly IReadOnlyList<string> Roles = [AdminRoles.Admin, AdminRoles.Viewer];

    public async Task<IReadOnlyList<AdminUserInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new { u.Id, u.Email, u.Role }).ToListAsync(ct);
        return rows.Select(r => new AdminUserInfo(r.Id, r.Email ?? "", r.Role)).ToList();
    }

    /// <summary>
    /// The one way a dashboard user is created (Settings, the first start, the command line). Without a
    /// <paramref name="password"/> one is generated and works once (its owner chooses their own at first sign-in);
    /// a given one is theirs and must pass the password rules.
    /// </summary>
    public async Task<AddedAdminUser> AddAsync(Actor actor, string? email, string? role, string? password = null, CancellationToken ct = default)
    {
        actor.EnsureCanChange(kind: ChangeKind.Settings);
        email = email is null ? null : PersonRules.NormalizeEmail(email); // the one email rule, as for people
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(email)) errors.Add("email", "is required");
        else PersonRules.ValidateEmail(email, "email", errors);
        ValidateRole(role, errors);
        errors.ThrowIfAny();

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        if (await users.FindByEmailAsync(email!) is not null || await users.FindByNameAsync(email!) is not null)
            throw new ConflictException("email", $"There is already a user {email}.");
        var user = new AdminUser { UserName = email, Email = email, EmailConfirmed = true, Role = role! };
        var oneTime = string.IsNullOrEmpty(password);
        if (oneTime) password = OneTimePassword.Generate();
        var result = oneTime
            ? await OneTimePassword.CreateUserAsync(users, scope.ServiceProvider.GetRequiredService<AppDbContext>(), user, password!, ct)
            : await users.CreateAsync(user, password!);
        if (!result.Succeeded)
            throw new DomainValidationException(result.Errors
                .GroupBy(e => e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "password")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        return new AddedAdminUser(new AdminUserInfo(user.Id, email!, user.Role), oneTime ? password : null);
    }

    public async Task SetRoleAsync(AdminActor actor, string userId, string? role, CancellationToken ct = default)
    {
        actor.EnsureCanChange(kind: ChangeKind.Settings);
        var errors = new ValidationErrors();
        ValidateRole(role, errors);
        errors.ThrowIfAny();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("That user does not exist any more.");
        if (user.Role == role) return;
        // Their sessions carry the old role: a new security stamp, written with the role, ends them at the next check.
        var changed = await SerializableAsync(db, () => Guarded(db, userId, user.Role).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.Role, role!)
            .SetProperty(u => u.SecurityStamp, NewSecurityStamp())
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), ct), ct);
        if (changed == 1) return;
        var now = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("That user does not exist any more.");
        if (now.Role == role) return;
        if (now.Role == AdminRoles.Admin && user.Role == AdminRoles.Admin)
            throw new ConflictException("role", $"{user.Email} is the last Admin; make someone else an Admin first.");
        throw new ConflictException("role", $"{user.Email}'s role was changed by someone else just now; reload and try again.");
    }

    public async Task RemoveAsync(AdminActor actor, string userId, CancellationToken ct = default)
    {
        actor.EnsureCanChange(kind: ChangeKind.Settings);
        if (userId == actor.UserId) throw new ConflictException("user", "You cannot remove yourself; ask another Admin.");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("That user does not exist any more.");
        if (await SerializableAsync(db, () => Guarded(db, userId, user.Role).ExecuteDeleteAsync(ct), ct) == 1) return; // their claims, logins and tokens cascade
        var now = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("That user does not exist any more.");
        if (now.Role == AdminRoles.Admin)
            throw new ConflictException("user", $"{user.Email} is the last Admin and cannot be removed.");
        throw new ConflictException("user", $"{user.Email}'s role was changed by someone else just now; reload and try again.");
    }

    /// <summary>
    /// The user, if their role is still <paramref name="role"/> and, for an Admin, another Admin exists. The check and
    /// the change it guards are one UPDATE or DELETE statement, so the database decides under its write lock: two
    /// demotions (or removals) of the last two Admins cannot both pass, whatever process or host runs them.
    /// </summary>
    static IQueryable<AdminUser> Guarded(AppDbContext db, string userId, string role)
    {
        var users = db.Users.Where(u => u.Id == userId && u.Role == role);
        return role == AdminRoles.Admin ? users.Where(u => db.Users.Any(o => o.Role == AdminRoles.Admin && o.Id != userId)) : users;
    }

    /// <summary>
    /// Runs a guarded statement in a serializable transaction. SQLite's one writer already serializes it; PostgreSQL's
    /// default isolation would let two demotions each count the other as the remaining Admin (write skew), so there
    /// the loser fails with a serialization error and is run again, now seeing the winner's change.
    /// </summary>
    static async Task<int> SerializableAsync(AppDbContext db, Func<Task<int>> statement, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
                var n = await statement();
                await tx.CommitAsync(ct);
                return n;
            }
            catch (Exception e) when (attempt < 5 && IsSerializationFailure(e))
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    static bool IsSerializationFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { SqlState: "40001" or "40P01" }) return true;
        return false;
    }

    /// <summary>A fresh security stamp (as Identity's own: random, opaque; only compared for equality).</summary>
    static string NewSecurityStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    static void ValidateRole(string? role, ValidationErrors errors)
    {
        if (role is null || !Roles.Contains(role)) errors.Add("role", "must be Admin or Viewer");
    }
}
