using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>The first admin on a fresh database: a generated password works once, a configured one is theirs.</summary>
public sealed class FirstAdminTests
{
    sealed class ConfiguredAdmin(string password) : ApiFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["Admin:Password"] = password };
    }

    static async Task<bool> IsOneTimeAsync(ApiFactory factory)
    {
        factory.StartServer();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.FindByEmailAsync("admin@flameup.local");
        Assert.NotNull(admin);
        Assert.Equal(AdminRoles.Admin, admin.Role);
        return (await users.GetClaimsAsync(admin)).Any(c => c.Type == OneTimePassword.ClaimType);
    }

    [Fact]
    public async Task A_generated_first_admin_password_is_one_time()
    {
        using var factory = new ApiFactory();
        Assert.True(await IsOneTimeAsync(factory));
    }

    [Fact]
    public async Task A_configured_first_admin_password_is_not_one_time()
    {
        using var factory = new ConfiguredAdmin("Configured-Admin-Pass-42");
        Assert.False(await IsOneTimeAsync(factory));
    }

    [Fact]
    public void A_weak_configured_first_admin_password_stops_the_start_and_says_which_rule()
    {
        using var factory = new ConfiguredAdmin("Password1234");
        var e = Assert.ThrowsAny<Exception>(() => factory.StartServer());
        Assert.Contains("Admin:Password", e.ToString());
        Assert.Contains("common password", e.ToString());
    }
}
