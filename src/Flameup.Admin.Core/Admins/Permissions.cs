using System.Security.Claims;
using Flameup.Admin.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Core.Admins;

/// <summary>
/// The dashboard user behind a signed-in principal. The role is read from the database on each call, not from the
/// sign-in cookie, so a demotion takes effect at once: components ask for the actor when they make a change and pass
/// it to the domain service, which checks the rule (<see cref="Common.Actor.EnsureCanChange"/>).
/// </summary>
public sealed class Permissions(IDbContextFactory<AppDbContext> contexts)
{
    /// <summary>The actor behind a signed-in principal; <see cref="AdminActor.SignedOut"/> when the user no longer exists.</summary>
    public async Task<AdminActor> ActorAsync(ClaimsPrincipal? user, CancellationToken ct = default)
    {
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(id)) return AdminActor.SignedOut;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Id, u.Email, u.Role }).FirstOrDefaultAsync(ct);
        return row is null ? AdminActor.SignedOut : new AdminActor(row.Id, row.Email ?? "", row.Role);
    }
}
