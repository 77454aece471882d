using Bunit;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Import;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Flameup.Admin.Components.Tests.Import;

/// <summary>bUnit over the real domain: MudBlazor services and imports on a SQLite file in a temp folder.</summary>
public abstract class ImportComponentContext : BunitContext, IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-import-ui-").FullName;

    protected ImportComponentContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddFlameupCore($"Data Source={Path.Combine(_folder, "people.db")}");
        Services.AddFlameupImports();
    }

    protected ImportService Imports => Services.GetRequiredService<ImportService>();

    public async Task InitializeAsync() => await Services.MigrateDatabaseAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    protected async Task<ImportUpload> UploadAsync(string name, string content)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return await Imports.SaveUploadAsync("ws_a", name, stream);
    }

    /// <summary>The sample file the Import page links to.</summary>
    protected static byte[] SampleFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "wwwroot-assets", "sample-people.csv"))) dir = dir.Parent;
        return File.ReadAllBytes(Path.Combine(dir!.FullName, "wwwroot-assets", "sample-people.csv"));
    }
}
