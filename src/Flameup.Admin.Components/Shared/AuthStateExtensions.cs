using System.Security.Claims;
using Flameup.Admin.Core.Admins;
using Microsoft.AspNetCore.Components.Authorization;

namespace Flameup.Admin.Components.Shared;

public static class AuthStateExtensions
{
    /// <summary>The signed-in user of a component's cascading authentication state (null outside an authorized tree).</summary>
    public static async Task<ClaimsPrincipal?> UserAsync(this Task<AuthenticationState>? state) => state is null ? null : (await state).User;

    /// <summary>
    /// The signed-in user as the domain's actor, role read from the database now: asked for when a page decides
    /// whether to show change controls and again for each change, which the domain service then checks.
    /// </summary>
    public static async Task<AdminActor> CurrentActorAsync(this Permissions permissions, Task<AuthenticationState>? state) =>
        await permissions.ActorAsync(await state.UserAsync());
}
