using System.Security.Claims;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>An open dashboard (a Blazor circuit) is signed out when its user's stamp changes, at the cookie's pace.</summary>
public sealed class CircuitRevalidationTests(AccountFactory factory) : IClassFixture<AccountFactory>
{
    [Fact]
    public void Open_circuits_and_cookies_are_checked_at_least_every_minute()
    {
        factory.StartServer();
        Assert.True(factory.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval <= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_role_change_signs_out_an_open_circuit()
    {
        var email = $"circuit-{Guid.NewGuid():N}@example.com";
        var user = await factory.CreateUserAsync(email, "Circuit-Test-Pass-42", AdminRoles.Admin);
        ClaimsPrincipal principal;
        await using (var scope = factory.Services.CreateAsyncScope())
            principal = await scope.ServiceProvider.GetRequiredService<SignInManager<AdminUser>>().CreateUserPrincipalAsync(user);

        // The interval is the only thing shortened: the check itself is the host's.
        using var provider = new RevalidatingAuthStateProvider(NullLoggerFactory.Instance, factory.Services.GetRequiredService<IServiceScopeFactory>(),
            factory.Services.GetRequiredService<IOptions<IdentityOptions>>(),
            Options.Create(new SecurityStampValidatorOptions { ValidationInterval = TimeSpan.FromMilliseconds(100) }));
        var signedOut = new TaskCompletionSource();
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true) signedOut.TrySetResult();
        };
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        await Task.Delay(500);
        Assert.False(signedOut.Task.IsCompleted); // checked a few times already: still valid

        var admins = factory.Service<AdminUserService>();
        var root = (await admins.ListAsync()).First(u => u.Role == AdminRoles.Admin && u.Id != user.Id);
        await admins.SetRoleAsync(new AdminActor(root.Id, root.Email, root.Role), user.Id, AdminRoles.Viewer);

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
