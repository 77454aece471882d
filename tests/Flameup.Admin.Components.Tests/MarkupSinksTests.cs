using Bunit;
using Flameup.Admin.Components.Shared;
using Flameup.Admin.Components.Tests.Infrastructure;
using MudBlazor;

namespace Flameup.Admin.Components.Tests;

/// <summary>
/// The MudBlazor parameters that quote user data (person fields, key names, emails) besides chart labels: snackbar
/// messages, message boxes and our confirm dialog must show markup as text. MudBlazor 9.12 does; these fail if an
/// upgrade starts writing any of them as markup (then encode there too, as <see cref="Dashboard.ChartMarkup"/> does).
/// </summary>
public sealed class MarkupSinksTests : ComponentTest
{
    const string Payload = "<img src=x onerror=window.__xss=5>";

    [Fact]
    public async Task A_snackbar_message_is_text()
    {
        await Providers.InvokeAsync(() => Get<ISnackbar>().Add($"Saved {Payload}.", Severity.Success));
        Providers.WaitForAssertion(() => Assert.Contains($"Saved {Payload}.", Snackbars()));
        Assert.Empty(Providers.FindAll(".mud-snackbar img"));
    }

    [Fact]
    public void A_message_box_title_message_and_buttons_are_text()
    {
        _ = Providers.InvokeAsync(() => Get<IDialogService>().ShowMessageBoxAsync($"Remove {Payload}?", $"Revoke “{Payload}”?", yesText: Payload, cancelText: "Cancel"));
        Providers.WaitForAssertion(() => Assert.Contains($"Revoke “{Payload}”?", Providers.Find(".mud-dialog").TextContent));
        var dialog = Providers.Find(".mud-dialog").TextContent;
        Assert.Contains($"Remove {Payload}?", dialog);
        Assert.Empty(Providers.FindAll(".mud-dialog img"));
    }

    [Fact]
    public void The_confirm_dialog_shows_title_and_message_as_text()
    {
        _ = Providers.InvokeAsync(() => ConfirmDialog.AskAsync(Get<IDialogService>(), $"Delete {Payload}?", $"{Payload} and their events go.", "Delete"));
        Providers.WaitForAssertion(() => Assert.Contains($"Delete {Payload}?", Providers.Find(".mud-dialog").TextContent));
        Assert.Contains($"{Payload} and their events go.", Providers.Find(".mud-dialog").TextContent);
        Assert.Empty(Providers.FindAll(".mud-dialog img"));
    }
}
