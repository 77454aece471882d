using Flameup.Admin.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Flameup.Admin.Core.Import;

/// <summary>
/// Who runs an import when several hosts share the database: the running host owns it under a lease it renews every
/// third of <see cref="ImportOptions.LeaseSeconds"/>; every host sweeps as often, and an import whose lease lapsed (its
/// host died, stopped, or it was queued from the command line) is taken over by the one host whose conditional UPDATE
/// wins, and goes on from the row its last committed batch reached.
/// </summary>
public sealed partial class ImportService
{
    TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(3, options.Value.LeaseSeconds));

    /// <summary>How often <see cref="RenewLeasesAsync"/> and <see cref="SweepLapsedAsync"/> run.</summary>
    public TimeSpan LeaseRenewal => Lease / 3;

    /// <summary>On start: takes over imports whose host stopped (their lease lapsed) and removes stray uploads.</summary>
    public async Task RecoverAsync(CancellationToken ct = default)
    {
        await SweepLapsedAsync(ct);

        await using var context = await contexts.CreateDbContextAsync(ct);
        var keep = (await context.Imports.Where(i => i.Status == ImportStatus.Interrupted || i.Status == ImportStatus.Running)
            .Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        var cutoff = clock.GetUtcNow().UtcDateTime.AddHours(-6);
        foreach (var file in Directory.EnumerateFiles(Folder, "*.upload"))
            if (!keep.Contains(Path.GetFileNameWithoutExtension(file)) && File.GetLastWriteTimeUtc(file) < cutoff) TryDelete(file);
    }

    /// <summary>Takes over the running imports whose lease lapsed; returns how many this host took.</summary>
    public async Task<int> SweepLapsedAsync(CancellationToken ct = default)
    {
        var now = Timestamps.ToMs(clock.GetUtcNow());
        List<string> lapsed;
        await using (var context = await contexts.CreateDbContextAsync(ct))
        {
            lapsed = await context.Imports.AsNoTracking()
                .Where(i => i.Status == ImportStatus.Running && (i.LeaseUntil == null || i.LeaseUntil < now))
                .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(ct);
        }
        var taken = 0;
        foreach (var id in lapsed)
            if (!_running.Values.Any(j => j.Id == id) && await TakeOverAsync(id, now, ct)) taken++;
        return taken;
    }

    async Task<bool> TakeOverAsync(string id, long now, CancellationToken ct)
    {
        var until = Timestamps.ToMs(clock.GetUtcNow() + Lease);
        await using var context = await contexts.CreateDbContextAsync(ct);
        // The lease is checked again by the UPDATE itself: of hosts sweeping at once, only one finds it still lapsed.
        var won = await context.Imports
            .Where(i => i.Id == id && i.Status == ImportStatus.Running && (i.LeaseUntil == null || i.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Owner, HostId).SetProperty(i => i.LeaseUntil, until), ct);
        if (won == 0) return false;

        var row = await context.Imports.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        var mine = context.Imports.Where(i => i.Id == id && i.Owner == HostId);
        if (!File.Exists(UploadPath(id)))
        {
            await mine.ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, ImportStatus.Interrupted)
                .SetProperty(i => i.Error, "The server running this import stopped, and its file is not in this server's import folder " +
                    "(Flameup:Import:Folder must be shared by all servers); resume it where the file is, or upload it again.")
                .SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), ct);
            log.LogWarning("Import {Id}: its server stopped and its file is not in {Folder}; marked interrupted", id, Folder);
            return true;
        }

        var job = NewJob(Actor.System, row);
        lock (_startLock)
        {
            if (!_running.TryAdd(row.WorkspaceId, job)) job = null;
        }
        if (job is null)
        {
            // Cannot happen while the database allows one running import per workspace; give the claim back if it does.
            await mine.ExecuteUpdateAsync(set => set.SetProperty(i => i.Owner, (string?)null).SetProperty(i => i.LeaseUntil, (long?)null), ct);
            return false;
        }
        job.Start(FinishAsync);
        log.LogWarning("Import {Id} of {File} into {Workspace} taken over by this server at row {Row} (its lease had lapsed)",
            row.Id, row.FileName, row.WorkspaceId, row.RowsDone);
        return true;
    }

    /// <summary>
    /// Extends the lease of every import this host is running; called every third of the lease. A job whose import
    /// another host took over meanwhile (this one stalled past its lease) is stopped here.
    /// </summary>
    public async Task RenewLeasesAsync(CancellationToken ct = default)
    {
        var jobs = _running.Values.ToList();
        if (jobs.Count == 0) return;
        var ids = jobs.Select(j => j.Id).ToList();
        var until = Timestamps.ToMs(clock.GetUtcNow() + Lease);
        await using var context = await contexts.CreateDbContextAsync(ct);
        await context.Imports.Where(i => ids.Contains(i.Id) && i.Owner == HostId && i.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.LeaseUntil, until), ct);
        var owned = (await context.Imports.Where(i => ids.Contains(i.Id) && i.Owner == HostId).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        foreach (var lost in jobs.Where(j => !owned.Contains(j.Id) && !j.Completion.IsCompleted))
        {
            lost.LeaseLost = true;
            lost.Cancel.Cancel();
        }
    }

    /// <summary>On shutdown: running imports stop and are released, so another host (or this one, restarted) goes on with them.</summary>
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
}
