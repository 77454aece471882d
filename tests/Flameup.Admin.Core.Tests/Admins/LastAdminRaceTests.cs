using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;

namespace Flameup.Admin.Core.Tests.Admins;

/// <summary>The last-Admin rule holds when two Admins act at the same moment: the database decides, not a count read earlier.</summary>
public sealed class LastAdminRaceTests : IAsyncLifetime
{
    readonly AdminTestHost _host = new();
    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Two_concurrent_demotions_of_the_last_two_admins_let_exactly_one_through()
    {
        var a = await _host.SeedAsync("a@example.com", AdminRoles.Admin);
        var b = await _host.SeedAsync("b@example.com", AdminRoles.Admin);
        for (var round = 0; round < 8; round++)
        {
            // Each demotes the other, at once, through their own service call.
            var results = await Task.WhenAll(
                Attempt(() => _host.Users.SetRoleAsync(a, b.UserId, AdminRoles.Viewer)),
                Attempt(() => _host.Users.SetRoleAsync(b, a.UserId, AdminRoles.Viewer)));
            Assert.Equal(1, results.Count(r => r is null));
            Assert.IsType<ConflictException>(Assert.Single(results, r => r is not null));
            var admins = (await _host.Users.ListAsync()).Where(u => u.Role == AdminRoles.Admin).ToList();
            Assert.Single(admins);
            // Promote the demoted one again for the next round (by the remaining Admin).
            var remaining = admins[0].Id == a.UserId ? a : b;
            await _host.Users.SetRoleAsync(remaining, remaining == a ? b.UserId : a.UserId, AdminRoles.Admin);
        }
    }

    [Fact]
    public async Task Two_concurrent_removals_of_the_last_two_admins_let_exactly_one_through()
    {
        var a = await _host.SeedAsync("a@example.com", AdminRoles.Admin);
        var b = await _host.SeedAsync("b@example.com", AdminRoles.Admin);
        var results = await Task.WhenAll(
            Attempt(() => _host.Users.RemoveAsync(a, b.UserId)),
            Attempt(() => _host.Users.RemoveAsync(b, a.UserId)));
        Assert.Equal(1, results.Count(r => r is null));
        var left = Assert.Single(await _host.Users.ListAsync());
        Assert.Equal(AdminRoles.Admin, left.Role);
    }

    [Fact]
    public async Task The_only_admin_cannot_demote_themselves()
    {
        var a = await _host.SeedAsync("a@example.com", AdminRoles.Admin);
        var e = await Assert.ThrowsAsync<ConflictException>(() => _host.Users.SetRoleAsync(a, a.UserId, AdminRoles.Viewer));
        Assert.Contains("last Admin", e.Message);
        Assert.Equal(AdminRoles.Admin, Assert.Single(await _host.Users.ListAsync()).Role);
    }

    static async Task<Exception?> Attempt(Func<Task> action)
    {
        await Task.Yield();
        try { await action(); return null; }
        catch (Exception e) { return e; }
    }
}
