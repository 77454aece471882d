using System.Security.Claims;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Flameup.Admin.Components.Settings;

/// <summary>
/// What every settings panel shares: who is signed in, whether they may change things, and running a
/// change as the signed-in actor (the domain service checks the rule) with its errors turned into inline messages per field.
/// </summary>
public abstract class SettingsPanelBase : ComponentBase
{
    [Inject] protected Permissions Permissions { get; set; } = null!;
    [Inject] protected AuthenticationStateProvider Auth { get; set; } = null!;
    [Inject] protected ISnackbar Snackbar { get; set; } = null!;
    [Inject] protected IDialogService Dialogs { get; set; } = null!;

    protected ClaimsPrincipal User { get; private set; } = new();
    protected AdminActor Actor { get; private set; } = AdminActor.SignedOut;
    /// <summary>False for a Viewer: change buttons are disabled (and the domain refuses anyway).</summary>
    protected bool CanChange => Actor.CanChange(kind: ChangeKind.Settings);
    /// <summary>Messages of the last failed change, keyed by field ("" for the form as a whole).</summary>
    protected Dictionary<string, string> Errors { get; } = new();
    protected bool Busy { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        User = (await Auth.GetAuthenticationStateAsync()).User;
        Actor = await Permissions.ActorAsync(User);
        await OnPanelInitializedAsync();
    }

    protected virtual Task OnPanelInitializedAsync() => Task.CompletedTask;

    protected string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>
    /// Runs a change as the signed-in user, role read again now; returns false (with <see cref="Errors"/> set) when the
    /// domain refused it.
    /// </summary>
    protected async Task<bool> ChangeAsync(Func<AdminActor, Task> change)
    {
        Errors.Clear();
        Busy = true;
        try
        {
            Actor = await Permissions.ActorAsync(User);
            await change(Actor);
            return true;
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, messages) in e.Errors) Errors[field] = $"{Label(field)} {string.Join("; ", messages)}";
        }
        catch (ConflictException e) { Errors[e.Field] = e.Message; }
        catch (NotFoundException e) { Errors[""] = e.Message; }
        catch (ForbiddenException e) { Errors[""] = e.Message; }
        finally { Busy = false; }
        if (Errors.TryGetValue("", out var general)) Snackbar.Add(general, Severity.Error);
        return false;
    }

    static string Label(string field) => field.Length == 0 ? "" : char.ToUpperInvariant(field[0]) + field[1..];
}
