using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// One running import. Rows stream from the stored file; each batch of valid rows goes through
/// <see cref="PeopleService.UpsertManyAsync(Actor, string, IReadOnlyList{PersonInput}, Func{int, string}, Func{IWriteSession, BatchOutcome, Task}?, CancellationToken)"/>
/// (the API's rules, merge and events) in one transaction that also records the row reached, the counts and
/// the failed rows, so a crash never leaves them out of step. The next batch is parsed and prepared
/// (<see cref="PeopleService.Prepare"/>: checked, new people merged ahead) while one is written.
/// Each batch is written only while <paramref name="owner"/> (this host) still owns the import.
/// </summary>
internal sealed class ImportJob(Actor actor, ImportJobRow row, string owner, string path, CsvMapping? mapping, PeopleService people, IWriteUnit writes, ImportOptions options, TimeProvider clock)
{
    public string Id => row.Id;
    public string WorkspaceId => row.WorkspaceId;
    public string FileName => row.FileName;
    public CancellationTokenSource Cancel { get; } = new();
    public bool StoppedByShutdown { get; set; }
    /// <summary>Another host took the import over: this job stops without writing the import's record.</summary>
    public bool LeaseLost { get; set; }
    public Task Completion { get; private set; } = Task.CompletedTask;

    // Live figures, read by other threads for the progress bar.
    long _rowsDone = row.RowsDone, _line = row.LineReached, _created = row.CreatedCount, _updated = row.UpdatedCount, _failed = row.FailedCount;
    long _bytesRead, _storedFailures = row.FailedCount;
    readonly long _rowsAtStart = row.RowsDone;
    long _bytesAtStart = -1;
    readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    public void Start(Func<ImportJob, string, string?, Task> finish) =>
        Completion = Task.Run(async () =>
        {
            string status;
            string? error;
            try
            {
                (status, error) = await RunAsync();
            }
            catch (Exception e)
            {
                // Without this the job would stay registered as running here, renewing a lease on an import that stopped.
                (status, error) = (ImportStatus.Failed, $"The import stopped on an unexpected error: {e.Message}");
            }
            await finish(this, status, error);
        });

    async Task<(string Status, string? Error)> RunAsync()
    {
        var ct = Cancel.Token;
        try
        {
            await using var stream = ImportFile.OpenRead(path);
            var batch = new List<ImportRecord>(options.BatchSize);
            Task? writing = null;
            try
            {
                await foreach (var record in ImportFile.ReadAsync(stream, ImportFormats.Parse(row.Format), mapping, row.RowsDone, ct))
                {
                    if (_bytesAtStart < 0) _bytesAtStart = stream.Position;
                    batch.Add(record);
                    if (batch.Count < options.BatchSize) continue;
                    // Prepared here, while the batch before it is being written: the writer then spends its time in the
                    // transaction, the server's part and ours side by side. Batches are still written one at a time, in order.
                    var next = Prepare(batch, stream.Position);
                    batch = new List<ImportRecord>(options.BatchSize);
                    if (writing is not null) await writing;
                    writing = Task.Run(() => WriteAsync(next, ct), ct);
                }
            }
            finally
            {
                // A batch being written when reading stops (an error further on, a cancel) ends before the job does.
                if (writing is not null) await writing;
            }
            if (batch.Count > 0) await WriteAsync(Prepare(batch, stream.Length), ct);
            return (ImportStatus.Completed, null);
        }
        catch (ImportLeaseLostException)
        {
            LeaseLost = true;
            return (ImportStatus.Running, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (LeaseLost) return (ImportStatus.Running, null);
            return StoppedByShutdown
                ? (ImportStatus.Interrupted, "The server stopped during the import; resume it to go on from the row it reached.")
                : (ImportStatus.Cancelled, null);
        }
        catch (ImportFileException e)
        {
            return (ImportStatus.Failed, e.Message);
        }
        catch (FileNotFoundException)
        {
            return (ImportStatus.Failed, "The uploaded file is no longer stored; upload it again.");
        }
    }

    /// <summary>A batch read from the file, ready to be written: its valid rows in write order, its failed rows, where it ends.</summary>
    sealed record PendingBatch(List<ImportRecord> Good, List<ImportRecord> Failed, ImportRecord Last, long Position, PreparedBatch? Prepared);

    PendingBatch Prepare(List<ImportRecord> batch, long position)
    {
        // In userId order the batch's unique-index writes land on neighbouring pages (PERFORMANCE.md); the sort is
        // stable, so repeats of one userId still merge in file order.
        var good = batch.Where(r => r.IsValid).OrderBy(r => r.Input!.UserId, StringComparer.Ordinal).ToList();
        var failed = batch.Where(r => !r.IsValid).ToList();
        PreparedBatch? prepared = null;
        if (good.Count > 0)
            try
            {
                prepared = people.Prepare(actor, WorkspaceId, Inputs(good), Prefix);
            }
            catch (DomainValidationException)
            {
                // Left to the write, which fails the rows concerned and writes the rest (WriteAsync).
            }
        return new PendingBatch(good, failed, batch[^1], position, prepared);
    }

    static List<PersonInput> Inputs(List<ImportRecord> good) => good.Select(r => r.Input!).ToList();
    static string Prefix(int i) => $"[{i}].";

    async Task WriteAsync(PendingBatch batch, CancellationToken ct)
    {
        var (good, failed, last, position, prepared) = batch;
        while (true)
        {
            try
            {
                BatchOutcome? outcome = null;
                Func<IWriteSession, BatchOutcome, Task> record = (session, o) => RecordAsync(session, o.CreatedCount, o.UpdatedCount, failed, last, ct);
                if (good.Count > 0)
                    outcome = prepared is not null
                        ? await people.UpsertPreparedAsync(actor, prepared, record, ct)
                        : await people.UpsertManyAsync(actor, WorkspaceId, Inputs(good), Prefix, record, ct);
                else
                    await writes.RunAsync(async session => { await RecordAsync(session, 0, 0, failed, last, ct); return 0; }, ct);
                Interlocked.Add(ref _created, outcome?.CreatedCount ?? 0);
                Interlocked.Add(ref _updated, outcome?.UpdatedCount ?? 0);
                Interlocked.Add(ref _failed, failed.Count);
                Interlocked.Exchange(ref _rowsDone, last.RowNumber);
                Interlocked.Exchange(ref _line, last.Line);
                Interlocked.Exchange(ref _bytesRead, position);
                return;
            }
            catch (DomainValidationException e)
            {
                prepared = null; // written once: the rows left go the plain way
                // The merged-traits limits (300 keys, 64 KiB) are only known once a row meets the stored person:
                // fail those rows and write the rest again.
                var bad = BadRows(e.Errors, good.Count);
                if (bad.Count == 0) throw;
                foreach (var (index, reason) in bad.OrderByDescending(b => b.Key))
                {
                    var r = good[index];
                    failed.Add(new ImportRecord { Line = r.Line, RowNumber = r.RowNumber, Raw = ImportRecord.Clip(r.Raw), Error = reason });
                    good.RemoveAt(index);
                }
                failed.Sort((a, b) => a.RowNumber.CompareTo(b.RowNumber));
            }
        }
    }

    static Dictionary<int, string> BadRows(IReadOnlyDictionary<string, string[]> errors, int count)
    {
        var bad = new Dictionary<int, string>();
        foreach (var (key, messages) in errors)
        {
            var close = key.IndexOf("].", StringComparison.Ordinal);
            if (!key.StartsWith('[') || close < 0 || !int.TryParse(key.AsSpan(1, close - 1), out var i) || i >= count) continue;
            var reason = $"{key[(close + 2)..]}: {string.Join(", ", messages)}";
            bad[i] = bad.TryGetValue(i, out var earlier) ? earlier + "; " + reason : reason;
        }
        return bad;
    }

    async Task RecordAsync(IWriteSession session, int created, int updated, List<ImportRecord> failed, ImportRecord last, CancellationToken ct)
    {
        // Failed rows are kept for the download up to a limit; the counts always include them all.
        var room = (int)Math.Clamp(options.MaxStoredFailures - _storedFailures, 0, failed.Count);
        var stored = failed.Take(room).Select(f => new ImportFailureRecord(f.Line, f.Error ?? "", f.Raw)).ToList();
        // Batches are written one after another: the row reached is the previous batch's, as this job recorded it.
        await session.RecordImportBatchAsync(new ImportBatchRecord(Id, last.RowNumber, last.Line, created, updated, failed.Count, stored, owner,
            Interlocked.Read(ref _rowsDone)), ct);
        _storedFailures += stored.Count;
    }

    /// <summary>The record with the live figures and speed.</summary>
    public ImportSummary Live(ImportSummary stored)
    {
        var rows = Interlocked.Read(ref _rowsDone);
        var bytes = Interlocked.Read(ref _bytesRead);
        var elapsed = (clock.GetUtcNow() - _startedAt).TotalSeconds;
        var rate = elapsed > 0.5 ? (rows - _rowsAtStart) / elapsed : 0;
        var fraction = stored.FileSize > 0 ? Math.Clamp((double)bytes / stored.FileSize, 0, 1) : 0;
        TimeSpan? left = null;
        var start = Math.Max(0, _bytesAtStart);
        if (bytes > start && elapsed > 1)
            left = TimeSpan.FromSeconds(elapsed * (stored.FileSize - bytes) / (bytes - start));
        return stored with
        {
            Status = ImportStatus.Running,
            RowsDone = rows,
            LineReached = Interlocked.Read(ref _line),
            Created = Interlocked.Read(ref _created),
            Updated = Interlocked.Read(ref _updated),
            Failed = Interlocked.Read(ref _failed),
            Fraction = fraction,
            RowsPerSecond = rate,
            TimeLeft = left,
        };
    }
}
