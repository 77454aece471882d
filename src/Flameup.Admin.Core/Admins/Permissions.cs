using System.Security.Claims;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Core.Admins;

/// <summary>
/// The rule "a Viewer sees everything and changes nothing". The role is read from the database on
/// each check, not from the sign-in cookie, so a demotion takes effect at once. Every change made
/// from the dashboard goes through <see cref="ChangeAsync{T}"/> (or <see cref="EnsureCanChangeAsync"/>).
/// </summary>
public sealed class Permissions(IDbContextFactory<AppDbContext> contexts)
{
    /// <summary>The actor behind a signed-in principal, or null when the user no longer exists.</summary>
    public async Task<AdminActor?> ActorAsync(ClaimsPrincipal? user, CancellationToken ct = default)
    {
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(id)) return null;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Id, u.Email, u.Role }).FirstOrDefaultAsync(ct);
        return row is null ? null : new AdminActor(row.Id, row.Email ?? "", row.Role);
    }

    public async Task<bool> CanChangeAsync(ClaimsPrincipal? user, CancellationToken ct = default) =>
        (await ActorAsync(user, ct))?.CanChange == true;

    /// <summary>Returns the actor when they may change data; otherwise throws <see cref="ForbiddenException"/>.</summary>
    public async Task<AdminActor> EnsureCanChangeAsync(ClaimsPrincipal? user, CancellationToken ct = default)
    {
        var actor = await ActorAsync(user, ct) ?? throw new ForbiddenException("Sign in again: your account no longer exists.");
        Ensure(actor);
        return actor;
    }

    public static void Ensure(AdminActor actor)
    {
        if (!actor.CanChange) throw new ForbiddenException($"{actor.Email} is a Viewer: viewers can look at everything but change nothing.");
    }

    /// <summary>Runs a change on behalf of <paramref name="user"/> after checking they may change data.</summary>
    public async Task<T> ChangeAsync<T>(ClaimsPrincipal? user, Func<Task<T>> change, CancellationToken ct = default)
    {
        await EnsureCanChangeAsync(user, ct);
        return await change();
    }

    public async Task ChangeAsync(ClaimsPrincipal? user, Func<Task> change, CancellationToken ct = default)
    {
        await EnsureCanChangeAsync(user, ct);
        await change();
    }
}
