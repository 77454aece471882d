using Bunit;
using Flameup.Admin.Components.Preferences;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.DataProtection;

namespace Flameup.Admin.Components.Tests.Preferences;

public sealed class PreferencesServiceTests : BunitContext, IAsyncLifetime
{
    // One key ring for "both visits", as the host keeps it in the database.
    readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();
    readonly Dictionary<string, string> _localStorage = new();

    public Task InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        JSInterop.SetupVoid("localStorage.setItem", inv =>
        {
            _localStorage[(string)inv.Arguments[0]!] = (string)inv.Arguments[1]!;
            return true;
        }).SetVoidResult();
        // app.js's plain theme mirror
        JSInterop.SetupVoid("flameup.setTheme", inv =>
        {
            _localStorage["flameup.theme"] = (string)inv.Arguments[0]!;
            return true;
        }).SetVoidResult();
        JSInterop.Setup<string?>("flameup.getTheme").SetResult(null);
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    PreferencesService NewVisit()
    {
        // What the browser's local storage holds now is what getItem answers.
        foreach (var (key, value) in _localStorage) JSInterop.Setup<string?>("localStorage.getItem", key).SetResult(value);
        JSInterop.Setup<string?>("flameup.getTheme").SetResult(_localStorage.GetValueOrDefault("flameup.theme"));
        return New();
    }

    PreferencesService New() => new(new ProtectedLocalStorage(JSInterop.JSRuntime, _keys), JSInterop.JSRuntime);

    [Fact]
    public async Task The_theme_is_mirrored_in_plain_text_for_the_first_paint_and_the_mirror_wins()
    {
        JSInterop.Setup<string?>("localStorage.getItem", PreferencesService.StorageKey).SetResult(null);
        await New().SetThemeAsync(ThemePreference.Dark);
        Assert.Equal("dark", _localStorage["flameup.theme"]);

        _localStorage["flameup.theme"] = "light"; // the app bar's toggle wrote only the mirror
        Assert.Equal(ThemePreference.Light, (await NewVisit().LoadAsync()).Theme);
    }

    [Fact]
    public async Task Preferences_round_trip_through_protected_local_storage()
    {
        JSInterop.Setup<string?>("localStorage.getItem", PreferencesService.StorageKey).SetResult(null);
        var first = New();
        Assert.Equal(new UserPreferences(), await first.LoadAsync() with { }); // nothing stored yet: defaults

        await first.SetThemeAsync(ThemePreference.Dark);
        await first.SetPeoplePageSizeAsync(100);
        await first.SetPeopleColumnsAsync(["email", "status"]);
        await first.SetLastWorkspaceAsync("ws_acme");

        Assert.DoesNotContain("ws_acme", _localStorage[PreferencesService.StorageKey]); // stored encrypted
        var loaded = await NewVisit().LoadAsync();
        Assert.Equal(ThemePreference.Dark, loaded.Theme);
        Assert.Equal(100, loaded.PeoplePageSize);
        Assert.Equal(["email", "status"], loaded.PeopleColumns);
        Assert.Equal("ws_acme", loaded.LastWorkspace);
    }

    [Fact]
    public async Task Unreadable_storage_gives_the_defaults()
    {
        _localStorage[PreferencesService.StorageKey] = "not-protected-data";
        var loaded = await NewVisit().LoadAsync();
        Assert.Equal(ThemePreference.System, loaded.Theme);
        Assert.Equal(50, loaded.PeoplePageSize);
    }

    [Fact]
    public async Task A_page_size_that_is_not_offered_falls_back_to_the_default()
    {
        JSInterop.Setup<string?>("localStorage.getItem", PreferencesService.StorageKey).SetResult(null);
        var prefs = New();
        Assert.Equal(50, (await prefs.SetPeoplePageSizeAsync(7)).PeoplePageSize);
    }

    [Fact]
    public async Task Changes_are_announced_to_the_circuit()
    {
        JSInterop.Setup<string?>("localStorage.getItem", PreferencesService.StorageKey).SetResult(null);
        var prefs = New();
        UserPreferences? heard = null;
        prefs.Changed += p => heard = p;
        await prefs.SetThemeAsync(ThemePreference.Light);
        Assert.Equal(ThemePreference.Light, heard?.Theme);
    }
}
