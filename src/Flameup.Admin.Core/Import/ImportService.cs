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
/// Running imports are owned by a host under a lease (<c>ImportLeases.cs</c>).
/// </summary>
public sealed partial class ImportService(
    StorageInfo storage, IWriteUnit writes, IDbContextFactory<AppDbContext> contexts, PeopleService people, TimeProvider clock,
    IOptions<ImportOptions> options, ILogger<ImportService> log)
{
    readonly ConcurrentDictionary<string, ImportJob> _running = new(StringComparer.Ordinal); // by workspace
    readonly object _startLock = new();
    static readonly JsonSerializerOptions MappingJson = new(Json.Options) { Converters = { new JsonStringEnumConverter() } };

    public ImportOptions Options => options.Value;

    /// <summary>This host, as the owner of the imports it runs (another host sharing the database has its own).</summary>
    public string HostId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The configured folder, or "imports" beside the SQLite file; a database without a file needs one configured.</summary>
    public string Folder
    {
        get
        {
            var folder = options.Value.Folder;
            if (string.IsNullOrEmpty(folder))
            {
                folder = storage.LocalFolder is { } dir
                    ? Path.Combine(dir, "imports")
                    : throw new InvalidOperationException(ImportOptions.FolderRequired);
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
        var id = Ids.NewVersion7(clock.GetUtcNow()).ToString("D");
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
        var row = NewRow(actor, upload, ref mapping);
        return await LaunchAsync(actor, row, async context =>
        {
            row.Owner = HostId;
            row.LeaseUntil = Timestamps.ToMs(clock.GetUtcNow() + Lease);
            context.Imports.Add(row);
            await context.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>
    /// Hands an upload to the servers (the command line runs none): it is recorded as running with no owner, and the
    /// first host to sweep (<see cref="SweepLapsedAsync"/>) takes it over and runs it.
    /// </summary>
    public async Task<ImportSummary> QueueAsync(Actor actor, ImportUpload upload, CsvMapping? mapping, CancellationToken ct = default)
    {
        var row = NewRow(actor, upload, ref mapping);
        await using var context = await contexts.CreateDbContextAsync(ct);
        context.Imports.Add(row);
        try
        {
            await context.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await OtherRunningAsync(row, ct))
                throw new ConflictException("import", "An import is already running in this workspace; wait for it to finish or cancel it.");
            throw;
        }
        return ToSummary(row);
    }

    ImportJobRow NewRow(Actor actor, ImportUpload upload, ref CsvMapping? mapping)
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

        return new ImportJobRow
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
        row.Status = ImportStatus.Running;
        row.Error = null;
        row.FinishedAt = null;
        row.Owner = HostId;
        row.LeaseUntil = Timestamps.ToMs(clock.GetUtcNow() + Lease);
        // Conditional on it still being interrupted, so two operators resuming at once on two hosts start it once.
        return await LaunchAsync(actor, row, async context =>
        {
            var claimed = await context.Imports.Where(i => i.Id == id && i.Status == ImportStatus.Interrupted)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ImportStatus.Running).SetProperty(i => i.Error, (string?)null)
                    .SetProperty(i => i.FinishedAt, (long?)null).SetProperty(i => i.Owner, row.Owner).SetProperty(i => i.LeaseUntil, row.LeaseUntil), ct);
            if (claimed == 0) throw new ConflictException("status", "This import was resumed already.");
        }, ct);
    }

    static CsvMapping? MappingOf(ImportJobRow row) =>
        row.OptionsJson is null ? null : JsonSerializer.Deserialize<CsvMapping>(row.OptionsJson, MappingJson);

    ImportJob NewJob(Actor actor, ImportJobRow row) =>
        new(actor, row, HostId, UploadPath(row.Id), MappingOf(row), people, writes, options.Value, clock);

    /// <summary>Registers the job here, lets <paramref name="claim"/> record this host as its owner, then runs it.</summary>
    async Task<ImportSummary> LaunchAsync(Actor actor, ImportJobRow row, Func<AppDbContext, Task> claim, CancellationToken ct)
    {
        var job = NewJob(actor, row);
        lock (_startLock)
        {
            if (_running.TryGetValue(row.WorkspaceId, out var other))
                throw new ConflictException("import", $"An import is already running in this workspace ('{other.FileName}'); wait for it to finish or cancel it.");
            _running[row.WorkspaceId] = job;
        }
        try
        {
            await using var context = await contexts.CreateDbContextAsync(ct);
            try
            {
                await claim(context);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
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
            await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);
            if (job.LeaseLost)
            {
                var now = await context.Imports.Where(i => i.Id == job.Id).Select(i => new { i.Status, i.Owner, i.RowsDone }).FirstOrDefaultAsync();
                if (now is { Status: ImportStatus.Running } && now.Owner == HostId)
                {
                    // Still ours, but short of this job's last batch: the database lost it (see IWriteSession.RecordImportBatchAsync).
                    // Released at once, so the next sweep goes on from the row the database kept.
                    await context.Imports.Where(i => i.Id == job.Id && i.Owner == HostId).ExecuteUpdateAsync(set => set
                        .SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), CancellationToken.None);
                    log.LogWarning("Import {Id}: the database does not have this server's last batch (at row {Row}); released for the next sweep to go on from there",
                        job.Id, now.RowsDone);
                    return;
                }
                log.LogWarning("Import {Id} is no longer this server's ({Status}, run by {Owner}); this one stopped writing it",
                    job.Id, now?.Status, now?.Owner ?? "no server");
                if (now is { Status: ImportStatus.Cancelled or ImportStatus.Completed or ImportStatus.Failed }) TryDelete(UploadPath(job.Id));
                return;
            }
            // Only while this host still owns it: a host that lost its lease must not overwrite the new owner's record.
            var mine = context.Imports.Where(i => i.Id == job.Id && i.Owner == HostId);
            if (job.StoppedByShutdown && status == ImportStatus.Interrupted)
            {
                // Stopped, not ended: released for the next host to sweep (another one now, or this one after its restart).
                await mine.ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), CancellationToken.None);
                log.LogInformation("Import {Id} released at shutdown; the next server to sweep goes on with it", job.Id);
                return;
            }
            var at = Timestamps.ToMs(clock.GetUtcNow());
            await mine.ExecuteUpdateAsync(set => set
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

    /// <summary>
    /// Stops a running import wherever it runs: here at once; on another host (or queued) by recording it cancelled,
    /// after which that host's next batch is refused (it no longer owns it) and its next lease renewal stops the job.
    /// What is written stays. False when it was not running.
    /// </summary>
    public async Task<bool> CancelAsync(Actor actor, string ws, string id, CancellationToken ct = default)
    {
        if (Cancel(actor, ws, id)) return true;
        var at = Timestamps.ToMs(clock.GetUtcNow());
        await using var context = await contexts.CreateDbContextAsync(ct);
        return await context.Imports.Where(i => i.Id == id && i.WorkspaceId == ws && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ImportStatus.Cancelled).SetProperty(i => i.FinishedAt, at)
                .SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), ct) == 1;
    }

    /// <summary>Waits until an import started here has ended (tests, shutdown).</summary>
    public Task WaitAsync(string id) => _running.Values.FirstOrDefault(j => j.Id == id)?.Completion ?? Task.CompletedTask;

    public async Task<ImportSummary?> GetAsync(string ws, string id, CancellationToken ct = default)
    {
        var row = await FindRowAsync(ws, id, ct);
        return row is null ? null : WithLive(ToSummary(row));
    }

    /// <summary>The import running in a workspace (on this host or another), for the page to re-attach to.</summary>
    public async Task<ImportSummary?> RunningAsync(string ws, CancellationToken ct = default)
    {
        if (_running.TryGetValue(ws, out var job)) return await GetAsync(ws, job.Id, ct);
        await using var context = await contexts.CreateDbContextAsync(ct);
        var row = await context.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.WorkspaceId == ws && i.Status == ImportStatus.Running, ct);
        return row is null ? null : WithLive(ToSummary(row));
    }

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

    async Task<bool> OtherRunningAsync(ImportJobRow row, CancellationToken ct)
    {
        await using var context = await contexts.CreateDbContextAsync(ct);
        return await context.Imports.AnyAsync(i => i.WorkspaceId == row.WorkspaceId && i.Status == ImportStatus.Running && i.Id != row.Id, ct);
    }

    async Task<ImportJobRow?> FindRowAsync(string ws, string id, CancellationToken ct)
    {
        await using var context = await contexts.CreateDbContextAsync(ct);
        return await context.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.WorkspaceId == ws, ct);
    }

    /// <summary>A running import's live figures: exact from this host's own job, else estimated from the stored row.</summary>
    ImportSummary WithLive(ImportSummary s)
    {
        if (!s.IsRunning)
        {
            _bytesPerLine.TryRemove(s.Id, out _);
            return s;
        }
        return _running.TryGetValue(s.WorkspaceId, out var job) && job.Id == s.Id ? job.Live(s) : s with { Fraction = EstimatedFraction(s) };
    }

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

    /// <summary>Average bytes per line of running imports' uploads (by import id), read once per host.</summary>
    readonly ConcurrentDictionary<string, double> _bytesPerLine = new(StringComparer.Ordinal);

    /// <summary>
    /// How far an import another host runs is: the line it reached times the upload's average line length (from its
    /// first 64 KiB) over the file's size.
    /// </summary>
    double EstimatedFraction(ImportSummary s)
    {
        if (s.FileSize <= 0 || s.LineReached <= 0) return 0;
        var perLine = _bytesPerLine.GetOrAdd(s.Id, id => BytesPerLine(UploadPath(id)));
        return perLine <= 0 ? 0 : Math.Clamp(s.LineReached * perLine / s.FileSize, 0, 0.99);
    }

    static double BytesPerLine(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            var buffer = new byte[64 * 1024];
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var lines = buffer.AsSpan(0, read).Count((byte)'\n');
            return lines == 0 ? 0 : (double)read / lines; // one long line (minified JSON): no estimate
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
