using Flameup.Admin.Core.Common;
using Flameup.Admin.Storage.Sqlite;
using System.Text;
using Flameup.Admin.Core.Export;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>The domain with imports and exports on a fresh SQLite file in a temp folder (real clock: imports measure speed).</summary>
public sealed class ImportFixture : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-import-").FullName;
    ServiceProvider? _services;

    public int BatchSize { get; init; } = 5000;
    public string DbPath => Path.Combine(_folder, "people.db");
    public IServiceProvider Services => _services!;
    public PeopleService People => Services.GetRequiredService<PeopleService>();
    public ImportService Imports => Services.GetRequiredService<ImportService>();
    public PeopleExporter Exporter => Services.GetRequiredService<PeopleExporter>();

    public async Task InitializeAsync()
    {
        _services = Build();
        await _services.MigrateDatabaseAsync();
    }

    /// <summary>A second set of services on the same files, as after a restart of the server.</summary>
    public ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlameupCore(o => o.UseSqlite($"Data Source={DbPath}"));
        services.AddFlameupImports();
        services.Configure<ImportOptions>(o => o.BatchSize = BatchSize);
        return services.BuildServiceProvider();
    }

    public async Task<ImportUpload> UploadAsync(string ws, string fileName, string content) =>
        await UploadAsync(ws, fileName, Encoding.UTF8.GetBytes(content));

    public async Task<ImportUpload> UploadAsync(string ws, string fileName, byte[] content)
    {
        using var stream = new MemoryStream(content);
        return await Imports.SaveUploadAsync(Actor.System, ws, fileName, stream);
    }

    /// <summary>Uploads, starts with the guessed mapping, waits for the end and returns the final record.</summary>
    public async Task<ImportSummary> ImportAsync(string ws, string fileName, string content, Func<CsvMapping, CsvMapping>? change = null)
    {
        var upload = await UploadAsync(ws, fileName, content);
        var mapping = upload.Inspection.Mapping is { } m && change is not null ? change(m) : upload.Inspection.Mapping;
        var started = await Imports.StartAsync(Actor.System, upload, mapping);
        await Imports.WaitAsync(started.Id);
        return (await Imports.GetAsync(ws, started.Id))!;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var c = await Services.GetRequiredService<Database>().OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
