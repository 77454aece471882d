using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Flameup.Admin.Components.Shared;

public static class AuthStateExtensions
{
    /// <summary>The signed-in user of a component's cascading authentication state (null outside an authorized tree).</summary>
    public static async Task<ClaimsPrincipal?> UserAsync(this Task<AuthenticationState>? state) => state is null ? null : (await state).User;
}
