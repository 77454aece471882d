using Flameup.Admin.Browser.Tests.Infrastructure;
using Flameup.Admin.Core.People;
using Microsoft.Playwright;

namespace Flameup.Admin.Browser.Tests;

[Collection("browser")]
public sealed class ImportTests(AppFixture app)
{
    const string Workspace = "ws_import_browser";
    static readonly string ImportUrl = $"/w/{Workspace}/import";

    static string SampleFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "wwwroot-assets", "sample-people.csv"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "wwwroot-assets", "sample-people.csv");
    }

    async Task EnsureWorkspaceAsync()
    {
        var workspaces = (Core.Workspaces.WorkspaceService)app.Services.GetService(typeof(Core.Workspaces.WorkspaceService))!;
        await workspaces.EnsureAsync(Workspace, "Import browser test");
    }

    [ChromiumFact]
    public async Task Uploading_the_sample_file_shows_the_mapping_preview_and_result_counts()
    {
        await EnsureWorkspaceAsync();
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, ImportUrl);
        await Assertions.Expect(page.Locator("[data-testid=import-sample-link]")).ToHaveAttributeAsync("href", "/assets/sample-people.csv");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "import-pick-light.png"), FullPage = true });

        await page.Locator("[data-testid=import-workflow] input[type=file]").SetInputFilesAsync(SampleFile());
        await Assertions.Expect(page.Locator("[data-testid=import-file-name]")).ToHaveTextAsync("sample-people.csv");
        await Assertions.Expect(page.Locator("[data-testid=csv-mapping]")).ToContainTextAsync("user_id");
        await Assertions.Expect(page.Locator("[data-testid=preview-row]")).ToHaveCountAsync(20);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "import-mapping-light.png"), FullPage = true });

        await page.ClickAsync("[data-testid=import-start]");
        await Assertions.Expect(page.Locator("[data-testid=import-created]")).ToHaveTextAsync("25 created", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=import-failed]")).ToHaveTextAsync("0 failed");
        await Assertions.Expect(page.Locator("[data-testid=import-history-row]").First).ToContainTextAsync("sample-people.csv");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "import-done-light.png"), FullPage = true });

        var jane = await app.People.SearchAsync(Workspace, new PeopleSearch { UserId = "user_1001" });
        Assert.Equal("jane.doe@example.com", Assert.Single(jane).Email);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task Bad_rows_are_highlighted_in_the_preview_and_downloadable_after_the_import()
    {
        await EnsureWorkspaceAsync();
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "userId;email;plan\nb1;b1@example.com;pro\nb2;not-an-email;free\nb3;b3@example.com;free\n");
        var page = await app.NewPageAsync(dark: true);
        await app.SignInAsync(page, ImportUrl);
        if (await page.Locator("[data-testid=import-another]").CountAsync() > 0) await page.ClickAsync("[data-testid=import-another]");

        await page.Locator("[data-testid=import-workflow] input[type=file]").SetInputFilesAsync(file);
        var invalid = page.Locator("[data-testid=preview-row-invalid]");
        await Assertions.Expect(invalid).ToHaveCountAsync(1);
        await Assertions.Expect(invalid).ToContainTextAsync("email: must be an email address like name@example.com");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "import-preview-dark.png"), FullPage = true });

        await page.ClickAsync("[data-testid=import-start]");
        await Assertions.Expect(page.Locator("[data-testid=import-failed]")).ToHaveTextAsync("1 failed", new() { Timeout = 20_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=import-failed-download]"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("line,reason,row\r\n3,email: must be an email address like name@example.com,b2;not-an-email;free", csv);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "import-done-dark.png"), FullPage = true });
        await page.Context.CloseAsync();
        File.Delete(file);
    }

    [ChromiumFact]
    public async Task The_people_list_exports_its_current_view_as_csv()
    {
        await app.CreatePersonAsync("export-" + Guid.NewGuid().ToString("N")[..8], "export-me@example.com", "=Export Me");
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/{AppFixture.Workspace}/people?search=export-me");
        await page.ClickAsync("[data-testid=export-menu] button");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-csv]"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("userId,email,status,created_at,updated_at,name", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Contains(",export-me@example.com,active,", lines[1]);
        Assert.EndsWith(",'=Export Me", lines[1]); // formula injection escaped
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_running_export_shows_its_progress_and_cancel_saves_nothing()
    {
        await app.CreatePersonAsync("slowexport-" + Guid.NewGuid().ToString("N")[..8], "slow-export@example.com", "Slow Export");
        var page = await app.NewPageAsync();
        var release = new TaskCompletionSource();
        // Hold the export's response so the running state can be seen (and cancelled) deterministically.
        await page.RouteAsync("**/export.csv**", async route => { await release.Task; await route.ContinueAsync(); });
        await app.SignInAsync(page, $"/w/{AppFixture.Workspace}/people?search=slow-export");
        await page.ClickAsync("[data-testid=export-menu] button");
        var downloads = 0;
        page.Download += (_, _) => downloads++;
        await page.ClickAsync("[data-testid=export-csv]");
        await Assertions.Expect(page.Locator("[data-testid=export-progress-text]")).ToHaveTextAsync("0 of 1 people exported");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "export-progress-light.png") });

        await page.ClickAsync("[data-testid=export-cancel]");
        await Assertions.Expect(page.Locator("[data-testid=export-progress]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Export cancelled");
        release.SetResult();
        Assert.Equal(0, downloads);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_large_import_shows_progress_and_cancel_keeps_what_was_written()
    {
        const string ws = "ws_import_cancel";
        await ((Core.Workspaces.WorkspaceService)app.Services.GetService(typeof(Core.Workspaces.WorkspaceService))!).EnsureAsync(ws, "Cancel test");
        var file = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.csv");
        await using (var w = new StreamWriter(file))
        {
            await w.WriteAsync("userId,email,plan,age,city\n");
            for (var i = 0; i < 150_000; i++) await w.WriteAsync($"c{i},c{i}@example.com,pro,{i % 90},Berlin\n");
        }
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, $"/w/{ws}/import");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.Locator("[data-testid=import-workflow] input[type=file]").SetInputFilesAsync(file);
        await Assertions.Expect(page.Locator("[data-testid=import-start]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var uploaded = clock.Elapsed;
        await page.ClickAsync("[data-testid=import-start]");
        await Assertions.Expect(page.Locator("[data-testid=import-progress-text]")).ToContainTextAsync("rows/s");
        await page.WaitForFunctionAsync("() => /^[1-9]/.test(document.querySelector('[data-testid=import-created]')?.textContent ?? '')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppFixture.ArtifactsDir, "import-progress-light.png"), FullPage = true });

        await page.ClickAsync("[data-testid=import-cancel]");
        await Assertions.Expect(page.Locator("[data-testid=import-progress] [data-testid=import-status]")).ToHaveTextAsync("cancelled");
        var created = long.Parse((await page.Locator("[data-testid=import-created]").TextContentAsync())!.Split(' ')[0].Replace(",", ""));
        var stats = await ((Core.Stats.StatsService)app.Services.GetService(typeof(Core.Stats.StatsService))!).GetAsync(ws);
        Assert.Equal(created, stats.Total);
        Assert.InRange(created, 1, 149_999);
        Console.WriteLine($"Uploaded {new FileInfo(file).Length / 1024 / 1024} MB through the page in {uploaded.TotalSeconds:F1} s; cancelled after {created} rows");
        await page.Context.CloseAsync();
        File.Delete(file);
    }
}
