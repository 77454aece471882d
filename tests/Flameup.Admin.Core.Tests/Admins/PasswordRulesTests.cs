using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Admins;

/// <summary>The password rules as the host applies them (AdminIdentity), through Identity's user manager.</summary>
public sealed class PasswordRulesTests : IAsyncLifetime
{
    readonly AdminTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    async Task<IdentityResult> CreateAsync(string password)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var email = $"u{Guid.NewGuid():N}@example.com";
        return await users.CreateAsync(new AdminUser { UserName = email, Email = email }, password);
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused()
    {
        var result = await CreateAsync("Password12");
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort) && e.Description.Contains("12"));
    }

    [Theory]
    [InlineData("Password1234")]
    [InlineData("pASSWORD1234")]
    [InlineData("Welcome2024!")]
    [InlineData("Qwertyuiop123")]
    [InlineData("Iloveyou12345")]
    public async Task A_common_password_is_refused_whatever_its_case_and_the_message_names_the_rule(string password)
    {
        var result = await CreateAsync(password);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(CommonPasswordValidator.ErrorCode, error.Code);
        Assert.Contains("common password", error.Description);
    }

    [Fact]
    public async Task A_long_uncommon_password_is_accepted_and_generated_ones_always_are()
    {
        Assert.True((await CreateAsync("Tangerine-Kayak-Orbit-7")).Succeeded);
        for (var i = 0; i < 20; i++)
        {
            var result = await CreateAsync(OneTimePassword.Generate());
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [Fact]
    public void The_list_holds_thousands_of_common_passwords()
    {
        Assert.True(CommonPasswordValidator.Count > 2000, $"only {CommonPasswordValidator.Count}");
        Assert.True(CommonPasswordValidator.IsCommon("LETMEIN12345"));
        Assert.False(CommonPasswordValidator.IsCommon("Tangerine-Kayak-Orbit-7"));
    }
}
