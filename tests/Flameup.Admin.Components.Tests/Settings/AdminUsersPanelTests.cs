using Flameup.Admin.Components.Tests.Infrastructure;
using Bunit;
using Flameup.Admin.Components.Settings;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Flameup.Admin.Components.Tests.Settings;

public sealed class AdminUsersPanelTests : ComponentTest
{
    [Fact]
    public async Task Adding_a_user_shows_a_working_one_time_password_once()
    {
        var cut = Render<AdminUsersPanel>();
        cut.WaitForElement("[data-testid=add-user]:not([disabled])");

        cut.Find("input[data-testid=new-user-email]").Change("new@example.com");
        cut.Find("[data-testid=add-user]").Click();

        var password = cut.WaitForElement("[data-testid=one-time-password]").TextContent.Trim();
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            var user = await users.FindByEmailAsync("new@example.com");
            Assert.True(await users.CheckPasswordAsync(user!, password));
            Assert.Equal(AdminRoles.Viewer, user!.Role); // the form's default
        }
        Assert.Contains("new@example.com", cut.Find("[data-testid=users-table]").TextContent);

        cut.Find("[data-testid=added-user] .mud-alert-close button").Click(); // dismiss
        Assert.DoesNotContain(password, cut.Markup);
    }

    [Fact]
    public void You_cannot_remove_yourself_and_a_bad_email_is_named()
    {
        var cut = Render<AdminUsersPanel>();
        cut.WaitForElement("[data-testid=add-user]:not([disabled])");
        Assert.True(cut.Find("[data-testid='remove-admin@example.com']").HasAttribute("disabled"));

        cut.Find("input[data-testid=new-user-email]").Change("nope");
        cut.Find("[data-testid=add-user]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Email must be an email address", cut.Markup));
    }
}
