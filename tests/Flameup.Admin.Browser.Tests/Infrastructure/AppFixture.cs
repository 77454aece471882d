using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Flameup.Admin.Browser.Tests.Infrastructure;

/// <summary>
/// The real app (<see cref="FlameupHost.Build"/>, the same host as production) on Kestrel at 127.0.0.1 with a temp
/// SQLite file, plus one headless Chromium driven by Playwright. Shared by every test of the "browser" collection.
/// The port is free-picked, or $FLAMEUP_TEST_PORT when set. Services (PeopleService, ...) are reachable for seeding.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@flameup.test";
    public const string AdminPassword = "Browser-Test-Passw0rd";
    public const string Workspace = WorkspaceService.DemoId;

    readonly string _dir = Path.Combine(Path.GetTempPath(), "flameup-browser-" + Guid.NewGuid().ToString("N")[..8]);
    WebApplication? _app;
    IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The app did not start (is chromium missing?).");
    public IBrowser Browser { get; private set; } = null!;
    public PeopleService People => Services.GetRequiredService<PeopleService>();

    /// <summary>Where tests write screenshots (kept after the run).</summary>
    public static string ArtifactsDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (Chromium.Path is null) return; // every test is skipped with the reason; start nothing
        Directory.CreateDirectory(_dir);
        var port = Environment.GetEnvironmentVariable("FLAMEUP_TEST_PORT") is { Length: > 0 } p ? p : "0";
        _app = FlameupHost.Build(
        [
            $"--urls=http://127.0.0.1:{port}",
            "--applicationName=Flameup.Admin.Web", // finds the framework's and MudBlazor's static files
            $"--contentRoot={AppContext.BaseDirectory}",
            "--environment=Production",
            $"--ConnectionStrings:People=Data Source={Path.Combine(_dir, "app.db")}",
            $"--Admin:Email={AdminEmail}",
            $"--Admin:Password={AdminPassword}",
            "--Flameup:CreateDemoWorkspace=true",
            "--Flameup:Security:SignInLimit=1000", // every test signs in from 127.0.0.1
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Error",
        ]);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = Chromium.Args,
        });
    }

    /// <summary>A fresh browser context (own cookies) and page at 1280×800.</summary>
    public async Task<IPage> NewPageAsync(bool dark = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // Generous waits: CI runs every test project at once on two cores, so a busy moment is normal.
        context.SetDefaultTimeout(40_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") ConsoleErrors.Add($"{page.Url}: {m.Text}"); };
        page.PageError += (_, e) => ConsoleErrors.Add($"{page.Url}: {e}");
        return page;
    }

    /// <summary>Browser console errors seen so far (a test can assert there were none).</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Signs in through the real form and waits until the interactive app is up.</summary>
    public async Task SignInAsync(IPage page, string returnUrl = "/", string email = AdminEmail, string password = AdminPassword)
    {
        await page.GotoAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        // Wait for the redirect to commit, not for its load event: the app's own readiness (the layout) is what counts,
        // and under load the load-state wait after a form post was seen to hang although the page had arrived.
        await page.WaitForURLAsync(u => !u.Contains("/account/login"), new() { WaitUntil = WaitUntilState.Commit });
        await WaitForAppAsync(page);
    }

    /// <summary>Pages render only once the Blazor circuit is connected (no prerendering): wait for the layout.</summary>
    public static Task WaitForAppAsync(IPage page) =>
        page.Locator(".mud-layout").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });

    public async Task<Person> CreatePersonAsync(string userId, string? email = null, string? name = null, string? status = null)
    {
        var traits = name is null ? null : new System.Text.Json.Nodes.JsonObject { ["name"] = name };
        return await People.CreateAsync(Actor.System, Workspace, PersonInput.For(userId, email, traits, status));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<AppFixture>;
