using Bunit;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Components.Tests.Infrastructure;
using Flameup.Admin.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Components.Tests.Pages;

/// <summary>A page whose database cannot be reached shows that, inside the layout, instead of ending the circuit.</summary>
public sealed class DatabaseUnavailablePageTests : ComponentTest
{
    // The layout renders its own MudBlazor providers: the base class's second set is left out.
    public override async Task InitializeAsync()
    {
        await Services.MigrateDatabaseAsync();
        await Get<WorkspaceService>().EnsureAsync(Ws, "Demo workspace");
        await SignInAsync("admin@example.com", AdminRoles.Admin);
    }

    [Fact]
    public void A_page_that_cannot_reach_the_database_says_so_and_keeps_the_layout()
    {
        var layout = RenderLayoutWith<UnreachableDatabasePage>();
        layout.WaitForAssertion(() => Assert.Contains("The database cannot be reached right now", layout.Markup));
        Assert.Contains("Reload the page", layout.Markup);
        Assert.NotEmpty(layout.FindAll("[data-testid=dark-mode-toggle]")); // the layout lives on: navigation, theme, account
    }

    [Fact]
    public void Another_failure_keeps_the_general_message()
    {
        var layout = RenderLayoutWith<BrokenPage>();
        layout.WaitForAssertion(() => Assert.Contains("This page ran into a problem", layout.Markup));
        Assert.DoesNotContain("The database cannot be reached", layout.Markup);
    }

    IRenderedComponent<MainLayout> RenderLayoutWith<TPage>() where TPage : IComponent =>
        Render<MainLayout>(p => p.Add(l => l.Body, b => { b.OpenComponent<TPage>(0); b.CloseComponent(); }));

    /// <summary>Reads from a SQLite file that cannot be opened: the real SQLITE_CANTOPEN error a missing volume gives.</summary>
    sealed class UnreachableDatabasePage : ComponentBase
    {
        protected override async Task OnInitializedAsync()
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine("/nonexistent-volume", Guid.NewGuid().ToString("N"), "people.db")}");
            await connection.OpenAsync();
        }
    }

    sealed class BrokenPage : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("a bug");
    }
}
