using Flameup.Admin.Core.Common;
using Flameup.Admin.Components.Tests.Infrastructure;
using Bunit;
using Flameup.Admin.Components.Settings;
using Flameup.Admin.Core.ApiKeys;
using MudBlazor;

namespace Flameup.Admin.Components.Tests.Settings;

public sealed class ApiKeysPanelTests : ComponentTest
{
    ApiKeyService Keys => Get<ApiKeyService>();

    (IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Dialogs, IRenderedComponent<ApiKeysPanel> Panel) RenderPanel()
    {
        var panel = Render<ApiKeysPanel>(p => p.Add(c => c.WorkspaceId, Ws));
        panel.WaitForElement("[data-testid=new-key]:not([disabled])");
        return (Providers, panel);
    }

    [Fact]
    public async Task The_key_is_shown_once_with_a_curl_line_and_never_again()
    {
        var (dialogs, panel) = RenderPanel();

        panel.Find("[data-testid=new-key]").Click();
        dialogs.WaitForElement("input[data-testid=key-name]").Change("CRM sync");
        dialogs.Find("input[data-testid='scope-people:write']").Change(true);
        dialogs.Find("[data-testid=create-key-submit]").Click();

        var secret = dialogs.WaitForElement("input[data-testid=new-key-secret]").GetAttribute("value")!;
        Assert.StartsWith(ApiKeyService.SecretPrefix, secret);
        var key = await Keys.AuthenticateAsync(secret);
        Assert.NotNull(key);
        Assert.Equal(["people:read", "people:write"], key.Scopes);
        var curl = dialogs.Find("[data-testid=new-key-curl]").TextContent;
        Assert.Contains($"/api/v1/workspaces/{Ws}/people", curl);
        Assert.Contains($"Authorization: Bearer {secret}", curl);

        dialogs.Find("[data-testid=create-key-done]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=create-key-dialog]")));
        panel.WaitForAssertion(() => Assert.Contains("CRM sync", panel.Find("[data-testid=keys-table]").TextContent));
        Assert.Contains(key.Prefix, panel.Markup);
        Assert.DoesNotContain(secret, panel.Markup);
        Assert.DoesNotContain(secret, dialogs.Markup);

        // Opening the dialog again starts a new key; the old secret is nowhere.
        panel.Find("[data-testid=new-key]").Click();
        dialogs.WaitForElement("[data-testid=key-name]");
        Assert.DoesNotContain(secret, dialogs.Markup);
        Assert.Empty(dialogs.FindAll("[data-testid=new-key-secret]"));
    }

    [Fact]
    public async Task No_scope_is_named_in_the_dialog()
    {
        var (dialogs, panel) = RenderPanel();
        panel.Find("[data-testid=new-key]").Click();
        dialogs.WaitForElement("input[data-testid='scope-people:read']").Change(false);
        dialogs.Find("[data-testid=create-key-submit]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Scopes give at least one of", dialogs.Markup));
        Assert.Empty(await Keys.ListAsync(Ws));
    }

    [Fact]
    public async Task Revoking_asks_first_then_the_key_stops_working()
    {
        var created = await Keys.CreateAsync(Actor.System, Ws, "Old key", [ApiKeyScopes.Read]);
        var (dialogs, panel) = RenderPanel();

        panel.WaitForElement($"[data-testid=revoke-{created.Key.Prefix}]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Requests with this key will get 401", dialogs.Markup));
        Assert.NotNull(await Keys.AuthenticateAsync(created.Secret)); // nothing happens before confirming

        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        panel.WaitForAssertion(() => Assert.Contains("revoked", panel.Find("[data-testid=keys-table]").TextContent));
        Assert.Null(await Keys.AuthenticateAsync(created.Secret));
    }
}
