using Flameup.Admin.Core.Common;
using System.Text;
using Flameup.Admin.Core.Export;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>The shared <see cref="TestDatabase"/> with imports and exports (real clock: imports measure speed), and upload helpers.</summary>
public sealed class ImportFixture : IAsyncLifetime
{
    readonly TestDatabase _db;
    // Set, as every host of a cluster must: a database without a file (PostgreSQL) has no default folder.
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-imports-").FullName;

    public ImportFixture() => _db = new TestDatabase(realClock: true, services =>
    {
        services.AddFlameupImports();
        services.Configure<ImportOptions>(o =>
        {
            o.BatchSize = BatchSize;
            o.Folder = _folder;
        });
    });

    public int BatchSize { get; init; } = 5000;
    public string DbPath => _db.Path;
    public IServiceProvider Services => _db.Services;
    public PeopleService People => Services.GetRequiredService<PeopleService>();
    public ImportService Imports => Services.GetRequiredService<ImportService>();
    public PeopleExporter Exporter => Services.GetRequiredService<PeopleExporter>();

    public Task InitializeAsync() => _db.InitializeAsync();

    /// <summary>A second set of services on the same files, as after a restart of the server.</summary>
    public ServiceProvider Build() => _db.Build();

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

    public Task<T> ScalarAsync<T>(string sql) => _db.ScalarAsync<T>(sql);

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
