using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Admins;

/// <summary>What ends other sessions: a new security stamp (or no user at all), and what a reset leaves behind.</summary>
public sealed class SessionStampTests : IAsyncLifetime
{
    readonly AdminTestHost _host = new();
    AdminActor _admin = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _admin = await _host.SeedAsync("root@example.com", AdminRoles.Admin);
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    async Task<string?> StampAsync(string email)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        return (await users.FindByEmailAsync(email))?.SecurityStamp;
    }

    [Fact]
    public async Task A_role_change_renews_the_security_stamp_and_saves_the_role()
    {
        var other = await _host.SeedAsync("other@example.com", AdminRoles.Admin);
        var before = await StampAsync("other@example.com");
        await _host.Users.SetRoleAsync(_admin, other.UserId, AdminRoles.Viewer);
        Assert.NotEqual(before, await StampAsync("other@example.com"));
        Assert.Equal(AdminRoles.Viewer, (await _host.Users.ListAsync()).Single(u => u.Email == "other@example.com").Role);
    }

    [Fact]
    public async Task A_removed_user_is_not_found_any_more()
    {
        var other = await _host.SeedAsync("gone@example.com", AdminRoles.Viewer);
        await _host.Users.RemoveAsync(_admin, other.UserId);
        Assert.Null(await StampAsync("gone@example.com"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reset_sets_the_password_unlocks_renews_the_stamp_and_marks_it_one_time_only_when_generated(bool oneTime)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = (await users.FindByEmailAsync("root@example.com"))!;
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
        if (!oneTime) await users.AddClaimAsync(user, new System.Security.Claims.Claim(OneTimePassword.ClaimType, "true"));
        var before = user.SecurityStamp;

        var result = await OneTimePassword.ResetAsync(users, db, user, "Fresh-Start-Pass-42", oneTime);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        Assert.True(await users.CheckPasswordAsync(user, "Fresh-Start-Pass-42"));
        Assert.False(await users.IsLockedOutAsync(user));
        Assert.NotEqual(before, user.SecurityStamp);
        Assert.Equal(oneTime, (await users.GetClaimsAsync(user)).Any(c => c.Type == OneTimePassword.ClaimType));
    }

    [Fact]
    public async Task A_reset_to_a_weak_password_changes_nothing()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = (await users.FindByEmailAsync("root@example.com"))!;

        var result = await OneTimePassword.ResetAsync(users, db, user, "Password1234", oneTime: false);

        Assert.False(result.Succeeded);
        await using var other = _host.Services.CreateAsyncScope(); // reads what was stored, not the tracked object
        var stored = other.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        Assert.True(await stored.CheckPasswordAsync((await stored.FindByEmailAsync("root@example.com"))!, AdminTestHost.Password));
    }
}
