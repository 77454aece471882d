using Flameup.Admin.Core.Common;
using Flameup.Admin.Components.Tests.Infrastructure;
using Bunit;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Import;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Flameup.Admin.Components.Tests.Import;

/// <summary>The shared component-test base (real services on SQLite, a signed-in Admin) plus the import services.</summary>
public abstract class ImportComponentContext : ComponentTest
{
    protected ImportComponentContext() => Services.AddFlameupImports();

    protected ImportService Imports => Services.GetRequiredService<ImportService>();

    protected async Task<ImportUpload> UploadAsync(string name, string content)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return await Imports.SaveUploadAsync(Actor.System, "ws_a", name, stream);
    }

    /// <summary>The sample file the Import page links to.</summary>
    protected static byte[] SampleFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "wwwroot-assets", "sample-people.csv"))) dir = dir.Parent;
        return File.ReadAllBytes(Path.Combine(dir!.FullName, "wwwroot-assets", "sample-people.csv"));
    }
}
