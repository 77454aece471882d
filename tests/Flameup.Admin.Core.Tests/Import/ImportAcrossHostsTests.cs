using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Import;
using Microsoft.Extensions.DependencyInjection;
using static Flameup.Admin.Core.Tests.Import.ImportJobTests;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>
/// Several hosts on one database (one service provider each): who goes on with an import whose host is gone, and how
/// another host sees and cancels it.
/// <para>The tests where a second host writes while the first one is still importing (takes the import over, cancels it,
/// finds its last batch lost) run on PostgreSQL only: SQLite is one host (README), and a second writer there waits in
/// SQLite's busy-retry loop, which a running import can starve until it has finished, so the scenario would not happen.
/// The lease code is the same on both providers; the session-level checks run on both (ImportBatchRecordTests).</para>
/// </summary>
public sealed class ImportAcrossHostsTests : IAsyncLifetime
{
    readonly ImportFixture _db = new() { BatchSize = 500 };
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    const int Rows = 20_000;
    static bool Bad(int i) => i % 1000 == 7;

    async Task<string> StartMidwayAsync(int rows = Rows)
    {
        var upload = await _db.UploadAsync("ws_a", "big.csv", PeopleCsv(rows, Bad));
        var started = await _db.Imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);
        await WaitUntilAsync(async () => (await _db.Imports.GetAsync("ws_a", started.Id))!.RowsDone >= 3000);
        return started.Id;
    }

    Task LapseAsync(string id, string? owner = null) => _db.ScalarAsync<long>(
        $"UPDATE imports SET lease_until = {DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds()}"
        + (owner is null ? "" : $", owner = '{owner}'") + $" WHERE id = '{id}' RETURNING 0");

    async Task AssertImportedOnceAsync(ImportService imports, string id, int rows = Rows)
    {
        var done = (await imports.GetAsync("ws_a", id))!;
        var good = rows - rows / 1000;
        Assert.Equal((ImportStatus.Completed, (long)rows, (long)good, 0L, (long)(rows - good)),
            (done.Status, done.RowsDone, done.Created, done.Updated, done.Failed));
        Assert.Equal((long)good, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
        Assert.Equal((long)good, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events")); // one person.created each
        Assert.Equal(rows - good, await imports.FailuresAsync("ws_a", id).CountAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM imports WHERE owner IS NOT NULL OR lease_until IS NOT NULL"));
    }

    [Fact]
    public async Task Another_host_shows_how_far_a_running_import_is()
    {
        var id = await StartMidwayAsync();
        await _db.Imports.StopAllAsync(); // the row stays running, its line reached fixed

        await using var b = _db.Build();
        var seen = (await b.GetRequiredService<ImportService>().GetAsync("ws_a", id))!;
        Assert.Equal(ImportStatus.Running, seen.Status);
        // The file's lines are alike: the bytes before the line reached, over the file's size, is where it really is.
        var row = await _db.Imports.GetAsync("ws_a", id);
        var csv = PeopleCsv(Rows, Bad);
        var lines = csv.Split('\n');
        var exact = (double)System.Text.Encoding.UTF8.GetByteCount(string.Join('\n', lines.Take((int)row!.LineReached)) + "\n") / System.Text.Encoding.UTF8.GetByteCount(csv);
        Assert.InRange(seen.Fraction, exact - 0.03, exact + 0.03);
        Assert.InRange(seen.Fraction, 0.1, 0.99);
    }

    [Fact]
    public async Task When_the_running_host_dies_exactly_one_sweeping_host_takes_the_import_over_and_finishes_it()
    {
        var id = await StartMidwayAsync();
        await _db.Imports.StopAllAsync();
        await LapseAsync(id, owner: "dead-host"); // as after kill -9: its lease names it and runs out

        await using var b = _db.Build();
        await using var c = _db.Build();
        var (onB, onC) = (b.GetRequiredService<ImportService>(), c.GetRequiredService<ImportService>());
        var taken = await Task.WhenAll(onB.SweepLapsedAsync(), onC.SweepLapsedAsync());
        Assert.Equal(1, taken.Sum());
        var winner = taken[0] == 1 ? onB : onC;
        Assert.Equal(winner.HostId, await _db.ScalarAsync<string>($"SELECT owner FROM imports WHERE id = '{id}'"));

        await winner.WaitAsync(id);
        await AssertImportedOnceAsync(winner, id);
    }

#if POSTGRES
    [Fact]
    public async Task A_host_that_stalled_past_its_lease_stops_writing_once_another_took_the_import_over()
    {
        // Ten times the rows, so host A is still writing when B sweeps, however fast the machine.
        const int rows = Rows * 10;
        var id = await StartMidwayAsync(rows);
        await LapseAsync(id); // host A still runs it, but its lease ran out (a long pause, a lost network)

        await using var b = _db.Build();
        var onB = b.GetRequiredService<ImportService>();
        await ImportJobTests.WaitUntilAsync(async () => await onB.SweepLapsedAsync() == 1); // B takes it over (once)

        await Task.WhenAll(_db.Imports.WaitAsync(id), onB.WaitAsync(id)); // A's next batch is refused: it is no longer the owner
        await AssertImportedOnceAsync(onB, id, rows);
    }
#endif

#if POSTGRES
    [Fact]
    public async Task A_host_whose_last_batch_the_database_lost_releases_the_import_and_the_next_sweep_goes_on_from_the_row_kept()
    {
        const int rows = Rows * 10;
        var id = await StartMidwayAsync(rows);
        // As after a database crash that lost the batch this host committed last (PostgreSQL commits import batches without
        // waiting for the disk): the record is one row short of where the job left it.
        await _db.ScalarAsync<long>($"UPDATE imports SET rows_done = rows_done - 1 WHERE id = '{id}' RETURNING 0");
        await _db.Imports.WaitAsync(id); // its next batch finds the record short and writes nothing
        Assert.Equal((ImportStatus.Running, 0L), await StatusAndOwnersAsync(id)); // released at once, not failed

        await using var b = _db.Build();
        var onB = b.GetRequiredService<ImportService>();
        Assert.Equal(1, await onB.SweepLapsedAsync());
        await onB.WaitAsync(id);
        var done = (await onB.GetAsync("ws_a", id))!;
        var good = rows - rows / 1000;
        // The row the record was short of is read again: its person exists (here the simulated loss kept it), so it counts
        // as an update of nothing; every other row once.
        Assert.Equal((ImportStatus.Completed, (long)rows, (long)good, 1L, (long)(rows - good)),
            (done.Status, done.RowsDone, done.Created, done.Updated, done.Failed));
        Assert.Equal((long)good, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
        Assert.Equal((long)good, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events"));
    }
#endif

    [Fact]
    public async Task A_host_that_is_stopped_hands_its_import_to_the_next_sweep()
    {
        var id = await StartMidwayAsync();
        await _db.Imports.StopAllAsync();
        Assert.Equal((ImportStatus.Running, 0L), await StatusAndOwnersAsync(id));

        await using var b = _db.Build();
        var onB = b.GetRequiredService<ImportService>();
        Assert.Equal(1, await onB.SweepLapsedAsync());
        await onB.WaitAsync(id);
        await AssertImportedOnceAsync(onB, id);
    }

    [Fact]
    public async Task An_import_queued_from_the_command_line_is_run_by_the_first_host_to_sweep()
    {
        await using var cli = _db.Build();
        var queueing = cli.GetRequiredService<ImportService>();
        using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(PeopleCsv(Rows, Bad)));
        var upload = await queueing.SaveUploadAsync(Actor.System, "ws_a", "queued.csv", file);
        var queued = await queueing.QueueAsync(Actor.System, upload, upload.Inspection.Mapping);
        Assert.Equal((ImportStatus.Running, 0L), await StatusAndOwnersAsync(queued.Id));

        Assert.Equal(1, await _db.Imports.SweepLapsedAsync());
        await _db.Imports.WaitAsync(queued.Id);
        await AssertImportedOnceAsync(_db.Imports, queued.Id);
    }

#if POSTGRES
    [Fact]
    public async Task Another_host_sees_a_running_import_and_cancels_it_and_its_host_stops_writing()
    {
        // Ten times the rows: on a quiet machine the other 17,000 are in before a second host is even built.
        const int rows = Rows * 10;
        var id = await StartMidwayAsync(rows);
        await using var b = _db.Build();
        var onB = b.GetRequiredService<ImportService>();
        Assert.Equal(id, (await onB.RunningAsync("ws_a"))?.Id);

        Assert.True(await onB.CancelAsync(Actor.System, "ws_a", id));
        await _db.Imports.WaitAsync(id); // its next batch is refused
        var cancelled = (await onB.GetAsync("ws_a", id))!;
        Assert.Equal(ImportStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.RowsDone < rows);
        Assert.Equal(cancelled.Created, await _db.ScalarAsync<long>("SELECT count(*) FROM people")); // what was written is what is reported
        Assert.Null(await onB.RunningAsync("ws_a"));
        Assert.False(await onB.CancelAsync(Actor.System, "ws_a", id));
    }
#endif

    async Task<(string, long)> StatusAndOwnersAsync(string id) => (
        await _db.ScalarAsync<string>($"SELECT status FROM imports WHERE id = '{id}'"),
        await _db.ScalarAsync<long>($"SELECT count(*) FROM imports WHERE id = '{id}' AND owner IS NOT NULL"));
}
