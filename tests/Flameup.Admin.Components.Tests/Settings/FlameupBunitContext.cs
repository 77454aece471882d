using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Flameup.Admin.Components.Tests;

/// <summary>bUnit over the real domain services on a fresh SQLite file, with Identity's user store and a signed-in user.</summary>
public abstract class FlameupBunitContext : BunitContext, IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-bunit-").FullName;
    protected const string Ws = "ws_test";
    protected BunitAuthorizationContext Authorization { get; private set; } = null!;
    protected AdminActor Admin { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddFlameupCore($"Data Source={Path.Combine(_folder, "app.db")}");
        Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        Services.AddIdentityCore<AdminUser>().AddEntityFrameworkStores<AppDbContext>();
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddScoped<ProtectedLocalStorage>();
        Services.AddFlameupComponents();
        Authorization = AddAuthorization();
        await Services.MigrateDatabaseAsync();
        await Services.GetRequiredService<Flameup.Admin.Core.Workspaces.WorkspaceService>().CreateAsync(Ws, "Test workspace");
        Admin = await CreateUserAsync("admin@example.com", AdminRoles.Admin);
        SignIn(Admin);
    }

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected async Task<AdminActor> CreateUserAsync(string email, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var user = new AdminUser { UserName = email, Email = email, Role = role };
        var result = await users.CreateAsync(user, "Passw0rd!");
        Assert.True(result.Succeeded);
        return new AdminActor(user.Id, email, role);
    }

    protected void SignIn(AdminActor actor)
    {
        Authorization.SetAuthorized(actor.Email);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
