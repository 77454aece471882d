using Flameup.Admin.Core.Common;
using Flameup.Admin.Storage.Sqlite;
using System.Text.Json.Nodes;
using Bunit;
using Flameup.Admin.Components;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Workspaces;
using System.Security.Claims;
using Bunit.TestDoubles;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Flameup.Admin.Components.Tests.Infrastructure;

/// <summary>
/// bUnit over the real domain services on a temp SQLite file (migrated like production), with MudBlazor's services,
/// its popover/dialog/snackbar providers rendered, loose JS interop, a signed-in Admin, and a controllable clock
/// (or the system clock, for tests of real timers such as the live dashboard's).
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    protected const string Ws = WorkspaceService.DemoId;
    readonly Flameup.Admin.Core.Tests.TestDatabase _db;

    protected FakeTimeProvider Clock => _db.Clock;
    protected PeopleService People => Services.GetRequiredService<PeopleService>();
    protected EventsService Events => Services.GetRequiredService<EventsService>();
    protected NavigationManager Nav => Services.GetRequiredService<NavigationManager>();

    /// <summary>Where dialogs and popovers render.</summary>
    protected IRenderedComponent<IComponent> Providers { get; private set; } = null!;

    protected ComponentTest(bool realClock = false)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The Core tests' database fixture (linked source): clock, Core services, a temp SQLite file.
        _db = new(realClock, clockStart: new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        _db.AddServices(Services);
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddFlameupComponents();
        Services.AddLogging();
        Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        Services.AddAdminIdentity(); // the production rules
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddScoped<Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedLocalStorage>();
        Authorization = AddAuthorization();
        DefaultWaitTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>The signed-in dashboard user (an Admin unless a test signs in someone else).</summary>
    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>The Admin signed in at the start of each test.</summary>
    protected AdminActor Admin { get; private set; } = null!;

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Creates a dashboard user with the role (the domain's Viewer rule reads the role from the database).</summary>
    protected async Task<AdminActor> CreateUserAsync(string email, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var user = new AdminUser { UserName = email, Email = email, Role = role };
        Assert.True((await users.CreateAsync(user, "Component-Test-Pass-42")).Succeeded);
        return new AdminActor(user.Id, email, role);
    }

    protected void SignIn(AdminActor actor)
    {
        Authorization.SetAuthorized(actor.Email);
        Authorization.SetRoles(actor.Role);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId));
    }

    /// <summary>Creates a dashboard user with the role and signs them in.</summary>
    protected async Task<AdminActor> SignInAsync(string email, string role)
    {
        var actor = await CreateUserAsync(email, role);
        SignIn(actor);
        return actor;
    }

    public virtual async Task InitializeAsync()
    {
        await Services.MigrateDatabaseAsync();
        await Services.GetRequiredService<WorkspaceService>().EnsureAsync(Ws, "Demo workspace");
        Admin = await SignInAsync("admin@example.com", AdminRoles.Admin);
        Providers = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
            b.OpenComponent<MudSnackbarProvider>(2);
            b.CloseComponent();
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>Creates a person, one simulated second after the previous one (so sorting by time is defined).</summary>
    protected async Task<Person> CreateAsync(string userId, string? email = null, string? name = null, string? status = null, JsonObject? traits = null)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        traits ??= new JsonObject();
        if (name is not null) traits["name"] = name;
        return await People.CreateAsync(Actor.System, Ws, PersonInput.For(userId, email, traits.Count == 0 ? null : traits, status));
    }

    protected async Task<List<Person>> CreateManyAsync(int n, Func<int, string>? status = null)
    {
        var list = new List<Person>();
        for (var i = 0; i < n; i++)
            list.Add(await CreateAsync($"user_{i:D3}", $"person{i:D3}@example.com", $"Person {i:D3}", status?.Invoke(i)));
        return list;
    }

    /// <summary>The snackbar messages currently shown.</summary>
    protected IReadOnlyList<string> Snackbars() => Providers.FindAll(".mud-snackbar").Select(e => e.TextContent.Trim()).ToList();
}
