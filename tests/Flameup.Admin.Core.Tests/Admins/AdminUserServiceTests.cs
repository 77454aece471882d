using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Admins;

public sealed class AdminUserServiceTests : IAsyncLifetime
{
    readonly AdminTestHost _host = new();
    AdminActor _admin = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _admin = await _host.SeedAsync("root@example.com", AdminRoles.Admin);
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_added_user_can_sign_in_with_the_one_time_password()
    {
        var added = await _host.Users.AddAsync(_admin, " viewer@example.com ", AdminRoles.Viewer);

        Assert.Equal("viewer@example.com", added.User.Email);
        Assert.Equal(16, added.OneTimePassword!.Length);
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var stored = await users.FindByEmailAsync("viewer@example.com");
        Assert.NotNull(stored);
        Assert.True(await users.CheckPasswordAsync(stored, added.OneTimePassword));
        Assert.Equal(AdminRoles.Viewer, stored.Role);
        Assert.Contains(await users.GetClaimsAsync(stored), c => c.Type == OneTimePassword.ClaimType);
        Assert.Equal(["root@example.com", "viewer@example.com"], (await _host.Users.ListAsync()).Select(u => u.Email));
    }

    [Fact]
    public async Task A_given_password_is_the_users_own_and_must_pass_the_rules()
    {
        // The command line and the first start create users through the same method as Settings.
        var added = await _host.Users.AddAsync(Actor.System, "own@example.com", AdminRoles.Viewer, "My-Own-Passw0rd-2");
        Assert.Null(added.OneTimePassword);
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var stored = (await users.FindByEmailAsync("own@example.com"))!;
        Assert.True(await users.CheckPasswordAsync(stored, "My-Own-Passw0rd-2"));
        Assert.DoesNotContain(await users.GetClaimsAsync(stored), c => c.Type == OneTimePassword.ClaimType);

        var weak = await Assert.ThrowsAsync<DomainValidationException>(() => _host.Users.AddAsync(Actor.System, "weak@example.com", AdminRoles.Viewer, "Password12"));
        Assert.Equal(["password"], weak.Errors.Keys);
        Assert.Null(await users.FindByEmailAsync("weak@example.com"));
        var bad = await Assert.ThrowsAsync<DomainValidationException>(() => _host.Users.AddAsync(Actor.System, "a@@b", AdminRoles.Viewer));
        Assert.Equal(["email"], bad.Errors.Keys);
    }

    [Fact]
    public async Task Choosing_an_own_password_clears_the_one_time_mark_and_a_wrong_current_one_keeps_it()
    {
        var added = await _host.Users.AddAsync(_admin, "new@example.com", AdminRoles.Admin);
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = (await users.FindByEmailAsync("new@example.com"))!;

        var wrong = await OneTimePassword.ChangeOwnPasswordAsync(users, db, user, "not-it", "My-Own-Passw0rd");
        Assert.False(wrong.Succeeded);
        Assert.Contains(await users.GetClaimsAsync(user), c => c.Type == OneTimePassword.ClaimType);

        var right = await OneTimePassword.ChangeOwnPasswordAsync(users, db, user, added.OneTimePassword, "My-Own-Passw0rd");
        Assert.True(right.Succeeded);
        Assert.DoesNotContain(await users.GetClaimsAsync(user), c => c.Type == OneTimePassword.ClaimType);
        Assert.True(await users.CheckPasswordAsync(user, "My-Own-Passw0rd"));
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_the_account_as_failed_sign_ins_do()
    {
        var added = await _host.Users.AddAsync(_admin, "guess@example.com", AdminRoles.Admin);
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = (await users.FindByEmailAsync("guess@example.com"))!;

        for (var i = 1; i < AdminIdentity.MaxFailedSignIns; i++)
            Assert.Equal("PasswordMismatch", (await OneTimePassword.ChangeOwnPasswordAsync(users, db, user, $"guess-{i}", "My-Own-Passw0rd")).Errors.Single().Code);
        Assert.Equal(OneTimePassword.LockedOut.Code, (await OneTimePassword.ChangeOwnPasswordAsync(users, db, user, "last-guess", "My-Own-Passw0rd")).Errors.Single().Code);
        // Locked: even the right password changes nothing now.
        Assert.Equal(OneTimePassword.LockedOut.Code, (await OneTimePassword.ChangeOwnPasswordAsync(users, db, user, added.OneTimePassword, "My-Own-Passw0rd")).Errors.Single().Code);
        Assert.True(await users.CheckPasswordAsync(user, added.OneTimePassword));
        Assert.True(await users.IsLockedOutAsync(user));
    }

    [Fact]
    public async Task An_existing_admin_is_not_marked_for_a_password_change()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var root = await users.FindByEmailAsync("root@example.com");
        Assert.DoesNotContain(await users.GetClaimsAsync(root!), c => c.Type == OneTimePassword.ClaimType);
    }

    [Fact]
    public async Task Generated_passwords_differ()
    {
        var a = await _host.Users.AddAsync(_admin, "a@example.com", AdminRoles.Admin);
        var b = await _host.Users.AddAsync(_admin, "b@example.com", AdminRoles.Admin);
        Assert.NotEqual(a.OneTimePassword, b.OneTimePassword);
    }

    [Fact]
    public async Task Bad_email_and_role_are_named()
    {
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => _host.Users.AddAsync(_admin, "not-an-address", "Owner"));
        Assert.Equal(["email", "role"], e.Errors.Keys.Order());
        var dup = await Assert.ThrowsAsync<ConflictException>(() => _host.Users.AddAsync(_admin, "root@example.com", AdminRoles.Admin));
        Assert.Equal("email", dup.Field);
    }

    [Fact]
    public async Task A_viewer_changes_nothing()
    {
        var viewer = await _host.SeedAsync("v@example.com", AdminRoles.Viewer);
        await Assert.ThrowsAsync<ForbiddenException>(() => _host.Users.AddAsync(viewer, "x@example.com", AdminRoles.Admin));
        await Assert.ThrowsAsync<ForbiddenException>(() => _host.Users.RemoveAsync(viewer, _admin.UserId));
        await Assert.ThrowsAsync<ForbiddenException>(() => _host.Users.SetRoleAsync(viewer, viewer.UserId, AdminRoles.Admin));
        Assert.Equal(2, (await _host.Users.ListAsync()).Count);
        Assert.Equal(AdminRoles.Viewer, (await _host.Users.ListAsync()).Single(u => u.Email == "v@example.com").Role);
    }

    [Fact]
    public async Task Nobody_removes_themselves_and_the_last_admin_stays()
    {
        var e = await Assert.ThrowsAsync<ConflictException>(() => _host.Users.RemoveAsync(_admin, _admin.UserId));
        Assert.Contains("yourself", e.Message);
        await Assert.ThrowsAsync<ConflictException>(() => _host.Users.SetRoleAsync(_admin, _admin.UserId, AdminRoles.Viewer));

        var other = await _host.Users.AddAsync(_admin, "second@example.com", AdminRoles.Admin);
        await _host.Users.SetRoleAsync(_admin, _admin.UserId, AdminRoles.Viewer); // allowed: another Admin remains
        var second = new AdminActor(other.User.Id, other.User.Email, AdminRoles.Admin);
        await _host.Users.RemoveAsync(second, _admin.UserId);
        Assert.Equal(["second@example.com"], (await _host.Users.ListAsync()).Select(u => u.Email));
    }

    [Fact]
    public async Task Permissions_read_the_role_from_the_database_and_the_actor_refuses_a_viewer()
    {
        var viewer = await _host.SeedAsync("v@example.com", AdminRoles.Viewer);
        var asViewer = await _host.Permissions.ActorAsync(AdminTestHost.Principal(viewer with { Role = AdminRoles.Admin })); // the cookie's role is ignored
        Assert.False(asViewer.CanChange());
        var e = Assert.Throws<ForbiddenException>(() => asViewer.EnsureCanChange());
        Assert.Equal("v@example.com is a Viewer: viewers can look at everything but change nothing.", e.Message);
        Assert.True((await _host.Permissions.ActorAsync(AdminTestHost.Principal(_admin))).CanChange());

        // A promotion (or demotion) takes effect at once, whatever the cookie says.
        await _host.Users.SetRoleAsync(_admin, viewer.UserId, AdminRoles.Admin);
        Assert.True((await _host.Permissions.ActorAsync(AdminTestHost.Principal(viewer))).CanChange());

        var nobody = await _host.Permissions.ActorAsync(null);
        Assert.Same(AdminActor.SignedOut, nobody);
        Assert.Contains("Sign in again", Assert.Throws<ForbiddenException>(() => nobody.EnsureCanChange()).Message);
    }
}
