using System.Security.Claims;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Admins;

/// <summary>The shared <see cref="TestDatabase"/> plus ASP.NET Core Identity's user manager, as the host registers it.</summary>
public sealed class AdminTestHost : IAsyncLifetime
{
    readonly TestDatabase _db = new(realClock: true, services =>
    {
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddAdminIdentity(); // the production rules
    });

    /// <summary>The password of seeded users (meets the production rules).</summary>
    public const string Password = "Seeded-Account-Pass-42";

    public IServiceProvider Services => _db.Services;
    public AdminUserService Users => Services.GetRequiredService<AdminUserService>();
    public Permissions Permissions => Services.GetRequiredService<Permissions>();

    public Task InitializeAsync() => _db.InitializeAsync();

    /// <summary>Creates a user directly (as the first-run admin is created) and returns them as an actor.</summary>
    public async Task<AdminActor> SeedAsync(string email, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var user = new AdminUser { UserName = email, Email = email, Role = role };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return new AdminActor(user.Id, email, role);
    }

    public static ClaimsPrincipal Principal(AdminActor actor) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, actor.UserId), new Claim(ClaimTypes.Name, actor.Email)], "test"));

    public Task DisposeAsync() => _db.DisposeAsync();
}
