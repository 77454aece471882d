using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.JSInterop;

namespace Flameup.Admin.Components.Preferences;

/// <summary>
/// The operator's preferences in this browser's local storage (encrypted by the framework's protected
/// storage). One per circuit. Local storage is reachable only once the circuit is interactive: call
/// <see cref="LoadAsync"/> from <c>OnAfterRenderAsync</c>, never during prerendering.
/// The theme is also mirrored in plain text under <c>flameup.theme</c> (through app.js), because it must be
/// readable before the circuit starts to paint the page in the right theme at once; it is not a secret.
/// </summary>
public sealed class PreferencesService(ProtectedLocalStorage storage, IJSRuntime js)
{
    public const string StorageKey = "flameup.preferences";

    /// <summary>The theme as the plain mirror holds it: "light", "dark" or "system".</summary>
    public static string ThemeName(ThemePreference theme) => theme.ToString().ToLowerInvariant();

    /// <summary>The theme read from the plain mirror (fast, no decryption); null when never chosen.</summary>
    public async Task<ThemePreference?> ReadThemeMirrorAsync()
    {
        var stored = await js.InvokeAsync<string?>("flameup.getTheme");
        return Enum.TryParse<ThemePreference>(stored, ignoreCase: true, out var theme) && Enum.IsDefined(theme) ? theme : null;
    }

    UserPreferences? _current;

    /// <summary>The preferences read so far (defaults before <see cref="LoadAsync"/>).</summary>
    public UserPreferences Current => _current ?? new UserPreferences();

    public bool IsLoaded => _current is not null;

    /// <summary>Raised after the preferences changed in this circuit.</summary>
    public event Action<UserPreferences>? Changed;

    public async Task<UserPreferences> LoadAsync()
    {
        if (_current is not null) return _current;
        try
        {
            var stored = await storage.GetAsync<UserPreferences>(StorageKey);
            _current = (stored.Success && stored.Value is not null ? stored.Value : new UserPreferences()).Normalized();
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            // Written under another key ring or an older shape: start over rather than fail the page.
            _current = new UserPreferences();
        }
        // The page is painted from the mirror (the app bar's toggle writes both); the mirror wins if they differ.
        if (await ReadThemeMirrorAsync() is { } mirrored) _current = _current with { Theme = mirrored };
        return _current;
    }

    public async Task<UserPreferences> UpdateAsync(Func<UserPreferences, UserPreferences> change)
    {
        var next = change(await LoadAsync()).Normalized();
        _current = next;
        try
        {
            await storage.SetAsync(StorageKey, next);
            await js.InvokeVoidAsync("flameup.setTheme", ThemeName(next.Theme));
        }
        catch (JSDisconnectedException) { } // the tab is gone; nothing to remember it in
        Changed?.Invoke(next);
        return next;
    }

    public Task<UserPreferences> SetThemeAsync(ThemePreference theme) => UpdateAsync(p => p with { Theme = theme });
    public Task<UserPreferences> SetLastWorkspaceAsync(string workspaceId) => UpdateAsync(p => p with { LastWorkspace = workspaceId });
    public Task<UserPreferences> SetPeoplePageSizeAsync(int size) => UpdateAsync(p => p with { PeoplePageSize = size });
    public Task<UserPreferences> SetPeopleColumnsAsync(IReadOnlyList<string>? columns) => UpdateAsync(p => p with { PeopleColumns = columns });
}
