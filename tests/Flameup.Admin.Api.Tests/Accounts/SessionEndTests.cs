using System.Net;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>
/// A cookie issued before a password reset, a removal or a role change stops working within a minute: for the
/// export download and for the Blazor hub. The clock is moved, not waited for.
/// </summary>
public sealed class SessionEndTests(AccountFactory factory) : IClassFixture<AccountFactory>
{
    const string Password = "Session-Test-Pass-42";

    public enum Change { PasswordReset, Removal, RoleChange }

    [Theory]
    [InlineData(Change.PasswordReset)]
    [InlineData(Change.Removal)]
    [InlineData(Change.RoleChange)]
    public async Task An_old_cookie_is_refused_within_a_minute_of_the_change(Change change)
    {
        var (ws, _) = await factory.NewWorkspaceAsync();
        var email = $"{change}-{Guid.NewGuid():N}@example.com".ToLowerInvariant();
        var user = await factory.CreateUserAsync(email, Password, AdminRoles.Admin);
        using var http = factory.RawClient();
        var signIn = await SignInForm.PostAsync(http, email, Password);
        Assert.NotNull(signIn.AuthCookie);
        Assert.Equal(HttpStatusCode.OK, await ExportAsync(http, ws, signIn.AuthCookie));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(http, signIn.AuthCookie));

        await ApplyAsync(change, user.Id);
        factory.Clock.Advance(TimeSpan.FromSeconds(61)); // "within a minute", whatever the configured interval

        Assert.Equal(HttpStatusCode.Unauthorized, await ExportAsync(http, ws, signIn.AuthCookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(http, signIn.AuthCookie));
    }

    [Fact]
    public async Task A_cookie_of_an_unchanged_account_keeps_working_after_the_check()
    {
        var (ws, _) = await factory.NewWorkspaceAsync();
        var email = $"steady-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email, Password, AdminRoles.Viewer);
        using var http = factory.RawClient();
        var signIn = await SignInForm.PostAsync(http, email, Password);
        factory.Clock.Advance(AdminIdentity.SessionCheckInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await ExportAsync(http, ws, signIn.AuthCookie));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(http, signIn.AuthCookie));
    }

    async Task ApplyAsync(Change change, string userId)
    {
        var admins = factory.Service<AdminUserService>();
        var root = (await admins.ListAsync()).First(u => u.Role == AdminRoles.Admin && u.Id != userId);
        var actor = new AdminActor(root.Id, root.Email, root.Role);
        switch (change)
        {
            case Change.Removal:
                await admins.RemoveAsync(actor, userId);
                break;
            case Change.RoleChange:
                await admins.SetRoleAsync(actor, userId, AdminRoles.Viewer);
                break;
            case Change.PasswordReset: // as `users create` does for an existing email
                await using (var scope = factory.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
                    var result = await OneTimePassword.ResetAsync(users, scope.ServiceProvider.GetRequiredService<AppDbContext>(),
                        (await users.FindByIdAsync(userId))!, OneTimePassword.Generate(), oneTime: true);
                    Assert.True(result.Succeeded);
                }
                break;
        }
    }

    static async Task<HttpStatusCode> ExportAsync(HttpClient http, string ws, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/workspaces/{ws}/people/export.csv");
        request.Headers.Add("Accept", "text/csv");
        request.Headers.Add("Cookie", cookie!);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    static async Task<HttpStatusCode> NegotiateAsync(HttpClient http, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Cookie", cookie!);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
