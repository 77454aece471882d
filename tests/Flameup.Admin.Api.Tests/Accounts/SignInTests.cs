using System.Net;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>The sign-in form through the real host: what it tells, how much work it does, where it sends you.</summary>
public sealed class SignInTests(AccountFactory factory) : IClassFixture<AccountFactory>
{
    const string Password = "Sign-In-Test-Pass-42";

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_get_the_same_message_after_one_password_check_each()
    {
        var known = $"known-{Guid.NewGuid():N}@example.com";
        var locked = $"locked-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(known, Password, AdminRoles.Viewer);
        await factory.CreateUserAsync(locked, Password, AdminRoles.Viewer);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(locked))!, DateTimeOffset.UtcNow.AddHours(1));
        }
        using var http = factory.RawClient();

        var messages = new List<string?>();
        foreach (var (email, password) in new[] { ("nobody-" + known, Password), (known, "Not-The-Pass-42"), (locked, Password), (locked, "Not-The-Pass-42") })
        {
            var before = factory.Hasher.Checks;
            var answer = await SignInForm.PostAsync(http, email, password);
            Assert.Equal(1, factory.Hasher.Checks - before); // the same work, whether the account exists or not
            Assert.Null(answer.AuthCookie);
            messages.Add(answer.Error);
        }
        Assert.All(messages, m => Assert.Equal(AdminSignInManager.FailedMessage, m));
    }

    [Fact]
    public async Task A_correct_password_signs_in_after_one_password_check()
    {
        var email = $"ok-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email, Password, AdminRoles.Viewer);
        using var http = factory.RawClient();
        var before = factory.Hasher.Checks;
        var answer = await SignInForm.PostAsync(http, email, Password, "/w/ws_demo/people?search=jane");
        Assert.Equal(1, factory.Hasher.Checks - before);
        Assert.NotNull(answer.AuthCookie);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/w/ws_demo/people?search=jane", LocalTarget(answer));
    }

    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/w/ws_demo/people?search=zoë", "/w/ws_demo/people?search=zo%C3%AB")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("https://evil.example/x", "/")]
    [InlineData("/\\evil.example/x", "/")]
    public async Task The_return_address_is_local_and_escaped_never_a_500(string returnUrl, string expected)
    {
        var email = $"return-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email, Password, AdminRoles.Viewer);
        using var http = factory.RawClient();
        var answer = await SignInForm.PostAsync(http, email, Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal(expected, LocalTarget(answer));
        Assert.NotNull(answer.AuthCookie);
    }

    /// <summary>The redirect's path and query (Blazor writes it absolute, on this host), as sent: escaped.</summary>
    static string LocalTarget(SignInForm.Answer answer)
    {
        var location = new Uri(answer.Location!);
        Assert.True(location.IsLoopback, answer.Location);
        Assert.True(answer.Location!.All(char.IsAscii));
        return location.PathAndQuery;
    }

    [Theory]
    [InlineData("/a\r\nSet-Cookie: x=1")]
    [InlineData("/\u0000")]
    [InlineData("/%ZZ")]
    public void Odd_return_addresses_become_a_local_ascii_path(string returnUrl)
    {
        var safe = Flameup.Admin.Web.Components.Pages.Account.LoginPage.SafeReturnUrl(returnUrl);
        Assert.StartsWith("/", safe);
        Assert.False(safe.StartsWith("//"));
        Assert.All(safe, c => Assert.True(char.IsAscii(c) && !char.IsControl(c), $"'{safe}'"));
    }
}
