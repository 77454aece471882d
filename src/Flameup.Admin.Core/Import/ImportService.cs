using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Storage.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// Bulk upload of people: stores an upload, inspects and previews it, runs the import in the background
/// (one per workspace), reports progress, cancels, resumes interrupted imports and keeps their history.
/// </summary>
public sealed class ImportService(
    StorageInfo storage, IWriteUnit writes, IDbContextFactory<AppDbContext> contexts, PeopleService people, TimeProvider clock,
    IOptions<ImportOptions> options, ILogger<ImportService> log)
{
    readonly ConcurrentDictionary<string, ImportJob> _running = new(StringComparer.Ordinal); // by workspace
    readonly object _startLock = new();
    static readonly JsonSerializerOptions MappingJson = new(Json.Options) { Converters = { new JsonStringEnumConverter() } };

    public ImportOptions Options => options.Value;

    /// <summary>This host, as the owner of the imports it runs (another host sharing the database has its own).</summary>
    public string HostId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(3, options.Value.LeaseSeconds));

    public string Folder
    {
        get
        {
            var folder = options.Value.Folder;
            if (string.IsNullOrEmpty(folder))
            {
                folder = storage.LocalFolder is { } dir
                    ? Path.Combine(dir, "imports")
                    : Path.Combine(Path.GetTempPath(), "flameup-imports");
            }
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    string UploadPath(string id) => Path.Combine(Folder, id + ".upload");

    /// <summary>
    /// Stores an upload under the data folder and inspects it. A file that cannot be imported at all (empty,
    /// binary, too large, a header only) is an <see cref="ImportFileException"/> and is not kept.
    /// </summary>
    public async Task<ImportUpload> SaveUploadAsync(Actor actor, string ws, string fileName, Stream content, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        var id = Guid.CreateVersion7(clock.GetUtcNow()).ToString("D");
        var path = UploadPath(id);
        var max = options.Value.MaxFileBytes;
        try
        {
            long size = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                var buffer = new byte[64 * 1024];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    if (size > max) throw new ImportFileException($"The file is larger than {max / 1024 / 1024} MB; split it into smaller files.");
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }
            var inspection = await ImportFile.InspectAsync(path, fileName, ct);
            return new ImportUpload(id, ws, Path.GetFileName(fileName), size, path, inspection);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    /// <summary>Forgets an upload that will not be imported.</summary>
    public void DiscardUpload(ImportUpload upload)
    {
        if (!_running.Values.Any(j => j.Id == upload.Id)) TryDelete(upload.Path);
    }

    /// <summary>The first rows as they will be stored, invalid rows with their reason.</summary>
    public Task<IReadOnlyList<ImportRecord>> PreviewAsync(ImportUpload upload, CsvMapping? mapping, CancellationToken ct = default) =>
        ImportFile.PreviewAsync(upload.Path, upload.Format, upload.Format == ImportFormat.Csv ? mapping ?? upload.Inspection.Mapping : null, ImportFile.PreviewRows, ct);

    /// <summary>
    /// Starts importing an upload in the background, one import per workspace at a time; its rows are written as
    /// <paramref name="actor"/>, whose description is kept as who started it.
    /// </summary>
    public async Task<ImportSummary> StartAsync(Actor actor, ImportUpload upload, CsvMapping? mapping, CancellationToken ct = default)
    {
        actor.EnsureCanChange(upload.WorkspaceId);
        if (upload.Format == ImportFormat.Csv)
        {
            mapping ??= upload.Inspection.Mapping!;
            var problems = mapping.Problems();
            if (problems.Count > 0) throw new DomainValidationException(new Dictionary<string, string[]> { ["mapping"] = problems.ToArray() });
        }
        else mapping = null;
        if (!File.Exists(upload.Path)) throw new NotFoundException("The uploaded file is no longer stored; upload it again.");

        var row = new ImportJobRow
        {
            Id = upload.Id,
            WorkspaceId = upload.WorkspaceId,
            FileName = upload.FileName,
            FileSize = upload.Size,
            Format = ImportFormats.Name(upload.Format),
            OptionsJson = mapping is null ? null : JsonSerializer.Serialize(mapping, MappingJson),
            Status = ImportStatus.Running,
            StartedBy = actor.Description,
            CreatedAt = Timestamps.ToMs(clock.GetUtcNow()),
        };
        return await LaunchAsync(actor, row, mapping, isNew: true, ct);
    }

    /// <summary>Goes on with an interrupted import from the row it reached, writing as <paramref name="actor"/> (who resumed it).</summary>
    public async Task<ImportSummary> ResumeAsync(Actor actor, string ws, string id, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        var row = await FindRowAsync(ws, id, ct) ?? throw new NotFoundException($"No import {id} in this workspace.");
        if (row.Status != ImportStatus.Interrupted)
            throw new ConflictException("status", $"Only an interrupted import can be resumed; this one is {row.Status}.");
        if (!File.Exists(UploadPath(id)))
            throw new ConflictException("file", "The file of this import is no longer stored; upload it again (rows already imported will be updated, not duplicated).");
        var mapping = row.OptionsJson is null ? null : JsonSerializer.Deserialize<CsvMapping>(row.OptionsJson, MappingJson);
        row.Status = ImportStatus.Running;
        row.Error = null;
        row.FinishedAt = null;
        return await LaunchAsync(actor, row, mapping, isNew: false, ct);
    }

    async Task<ImportSummary> LaunchAsync(Actor actor, ImportJobRow row, CsvMapping? mapping, bool isNew, CancellationToken ct)
    {
        var job = new ImportJob(actor, row, UploadPath(row.Id), mapping, people, writes, options.Value, clock);
        lock (_startLock)
        {
            if (_running.TryGetValue(row.WorkspaceId, out var other))
                throw new ConflictException("import", $"An import is already running in this workspace ('{other.FileName}'); wait for it to finish or cancel it.");
            _running[row.WorkspaceId] = job;
        }
        try
        {
            row.Owner = HostId;
            row.LeaseUntil = Timestamps.ToMs(clock.GetUtcNow() + Lease);
            await using var context = await contexts.CreateDbContextAsync(ct);
            if (isNew) context.Imports.Add(row);
            else context.Imports.Update(row);
            try
            {
                await context.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The database's one-running-import-per-workspace index refuses a second one: another host got there first.
                if (await OtherRunningAsync(row, ct))
                    throw new ConflictException("import", "An import is already running in this workspace; wait for it to finish or cancel it.");
                throw;
            }
        }
        catch
        {
            _running.TryRemove(new KeyValuePair<string, ImportJob>(row.WorkspaceId, job));
            throw;
        }
        job.Start(FinishAsync);
        log.LogInformation("Import {Id} of {File} into {Workspace} started at row {Row}", row.Id, row.FileName, row.WorkspaceId, row.RowsDone);
        return job.Live(ToSummary(row));
    }

    async Task FinishAsync(ImportJob job, string status, string? error)
    {
        try
        {
            var at = Timestamps.ToMs(clock.GetUtcNow());
            await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);
            await context.Imports.Where(i => i.Id == job.Id).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, status).SetProperty(i => i.Error, error).SetProperty(i => i.FinishedAt, at)
                .SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), CancellationToken.None);
            if (status != ImportStatus.Interrupted) TryDelete(UploadPath(job.Id));
            log.LogInformation("Import {Id} {Status}{Error}", job.Id, status, error is null ? "" : ": " + error);
        }
        catch (Exception e)
        {
            log.LogError(e, "Import {Id} could not record its end ({Status})", job.Id, status);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, ImportJob>(job.WorkspaceId, job));
        }
    }

    /// <summary>Asks a running import to stop; what is written stays. False when it is not running here.</summary>
    public bool Cancel(Actor actor, string ws, string id)
    {
        actor.EnsureCanChange(ws);
        if (!_running.TryGetValue(ws, out var job) || job.Id != id) return false;
        job.Cancel.Cancel();
        return true;
    }

    /// <summary>Waits until an import started here has ended (tests, shutdown).</summary>
    public Task WaitAsync(string id) => _running.Values.FirstOrDefault(j => j.Id == id)?.Completion ?? Task.CompletedTask;

    public async Task<ImportSummary?> GetAsync(string ws, string id, CancellationToken ct = default)
    {
        var row = await FindRowAsync(ws, id, ct);
        return row is null ? null : WithLive(ToSummary(row));
    }

    /// <summary>The import running in a workspace, for the page to re-attach to.</summary>
    public async Task<ImportSummary?> RunningAsync(string ws, CancellationToken ct = default) =>
        _running.TryGetValue(ws, out var job) ? await GetAsync(ws, job.Id, ct) : null;

    /// <summary>Past and current imports of a workspace, newest first.</summary>
    public async Task<IReadOnlyList<ImportSummary>> HistoryAsync(string ws, int limit = 20, CancellationToken ct = default)
    {
        await using var context = await contexts.CreateDbContextAsync(ct);
        var rows = await context.Imports.AsNoTracking().Where(i => i.WorkspaceId == ws)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(limit).ToListAsync(ct);
        return rows.Select(r => WithLive(ToSummary(r))).ToList();
    }

    /// <summary>The rows that were not imported, in file order.</summary>
    public async IAsyncEnumerable<(long Line, string Reason, string? Data)> FailuresAsync(string ws, string id,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        if (await FindRowAsync(ws, id, ct) is null) throw new NotFoundException($"No import {id} in this workspace.");
        await using var context = await contexts.CreateDbContextAsync(ct);
        var rows = context.ImportFailures.AsNoTracking().Where(f => f.ImportId == id).OrderBy(f => f.Line).ThenBy(f => f.Pk)
            .Select(f => new { f.Line, f.Reason, f.Data }).AsAsyncEnumerable().WithCancellation(ct);
        await foreach (var f in rows) yield return (f.Line, f.Reason, f.Data);
    }

    /// <summary>The failed rows as CSV: line, reason, and the row as it was in the file.</summary>
    public async Task WriteFailuresCsvAsync(string ws, string id, Stream output, CancellationToken ct = default)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions(), leaveOpen: true);
        csv.WriteHeader(["line", "reason", "row"]);
        await foreach (var (line, reason, data) in FailuresAsync(ws, id, ct))
        {
            csv.WriteField(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.WriteField(CsvCells.Escape(reason));
            csv.WriteField(data is null ? "" : CsvCells.Escape(data));
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary>
    /// On start: imports whose host stopped (their lease lapsed) become interrupted; stray uploads are removed. An
    /// import another live host is running keeps its lease and is left alone.
    /// </summary>
    public async Task RecoverAsync(CancellationToken ct = default)
    {
        await SweepLapsedAsync(ct);

        await using var context = await contexts.CreateDbContextAsync(ct);
        var keep = (await context.Imports.Where(i => i.Status == ImportStatus.Interrupted).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        var cutoff = clock.GetUtcNow().UtcDateTime.AddHours(-6);
        foreach (var file in Directory.EnumerateFiles(Folder, "*.upload"))
            if (!keep.Contains(Path.GetFileNameWithoutExtension(file)) && File.GetLastWriteTimeUtc(file) < cutoff) TryDelete(file);
    }

    /// <summary>Imports running elsewhere whose lease lapsed (their host died) become interrupted, so they can be resumed.</summary>
    public async Task<int> SweepLapsedAsync(CancellationToken ct = default)
    {
        var now = Timestamps.ToMs(clock.GetUtcNow());
        await using var context = await contexts.CreateDbContextAsync(ct);
        var marked = await context.Imports
            .Where(i => i.Status == ImportStatus.Running && i.Owner != HostId && (i.LeaseUntil == null || i.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, ImportStatus.Interrupted)
                .SetProperty(i => i.Error, "The server stopped during the import; resume it to go on from the row it reached.")
                .SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), ct);
        if (marked > 0) log.LogWarning("{Count} import(s) were interrupted by a stop of their server; they can be resumed", marked);
        return marked;
    }

    /// <summary>Extends the lease of every import this host is running; called every third of the lease.</summary>
    public async Task RenewLeasesAsync(CancellationToken ct = default)
    {
        var ids = _running.Values.Select(j => j.Id).ToList();
        if (ids.Count == 0) return;
        var until = Timestamps.ToMs(clock.GetUtcNow() + Lease);
        await using var context = await contexts.CreateDbContextAsync(ct);
        await context.Imports.Where(i => ids.Contains(i.Id) && i.Owner == HostId && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.LeaseUntil, until), ct);
    }

    /// <summary>How often <see cref="RenewLeasesAsync"/> and <see cref="SweepLapsedAsync"/> run.</summary>
    public TimeSpan LeaseRenewal => Lease / 3;

    async Task<bool> OtherRunningAsync(ImportJobRow row, CancellationToken ct)
    {
        await using var context = await contexts.CreateDbContextAsync(ct);
        return await context.Imports.AnyAsync(i => i.WorkspaceId == row.WorkspaceId && i.Status == ImportStatus.Running && i.Id != row.Id, ct);
    }

    /// <summary>On shutdown: running imports stop and stay resumable.</summary>
    public async Task StopAllAsync()
    {
        var jobs = _running.Values.ToList();
        foreach (var job in jobs)
        {
            job.StoppedByShutdown = true;
            job.Cancel.Cancel();
        }
        await Task.WhenAll(jobs.Select(j => j.Completion));
    }

    async Task<ImportJobRow?> FindRowAsync(string ws, string id, CancellationToken ct)
    {
        await using var context = await contexts.CreateDbContextAsync(ct);
        return await context.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.WorkspaceId == ws, ct);
    }

    ImportSummary WithLive(ImportSummary s) =>
        s.IsRunning && _running.TryGetValue(s.WorkspaceId, out var job) && job.Id == s.Id ? job.Live(s) : s;

    ImportSummary ToSummary(ImportJobRow r) => new()
    {
        Id = r.Id,
        WorkspaceId = r.WorkspaceId,
        FileName = r.FileName,
        FileSize = r.FileSize,
        Format = ImportFormats.Parse(r.Format),
        Status = r.Status,
        RowsDone = r.RowsDone,
        LineReached = r.LineReached,
        Created = r.CreatedCount,
        Updated = r.UpdatedCount,
        Failed = r.FailedCount,
        Error = r.Error,
        StartedBy = r.StartedBy,
        CreatedAt = Timestamps.FromMs(r.CreatedAt),
        FinishedAt = r.FinishedAt is { } f ? Timestamps.FromMs(f) : null,
        Fraction = r.Status == ImportStatus.Completed ? 1 : 0,
        CanResume = r.Status == ImportStatus.Interrupted && File.Exists(UploadPath(r.Id)),
    };

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
