using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>
/// An import batch is recorded only where the job's previous batch left the import's record: a batch the database lost
/// (PostgreSQL commits import batches without waiting for the disk) is found missing by the next one, which then writes
/// nothing, and the import goes on later from the row the database kept.
/// </summary>
public sealed class ImportBatchRecordTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>A running import owned by host-a whose record stands at row 10.</summary>
    async Task<string> RunningImportAsync()
    {
        var lease = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        await _db.ScalarAsync<long>($"""
            INSERT INTO imports (id, workspace_id, file_name, file_size, format, status, rows_done, line_reached,
              created_count, updated_count, failed_count, created_at, owner, lease_until)
            VALUES ('imp1', 'ws_a', 'people.csv', 100, 'csv', 'running', 10, 11, 10, 0, 0, 0, 'host-a', {lease}) RETURNING 0
            """);
        return "imp1";
    }

    Task WriteBatchAsync(string id, string owner, long previous) => _db.People.UpsertManyAsync(Actor.System, "ws_a",
        [PersonInput.For("u-11"), PersonInput.For("u-12")], i => $"[{i}].",
        (session, outcome) => session.RecordImportBatchAsync(new ImportBatchRecord(id, 12, 13, outcome.CreatedCount, 0, 0, [], owner, previous)));

    [Fact]
    public async Task A_batch_that_follows_the_record_is_written_with_its_progress()
    {
        var id = await RunningImportAsync();
        await WriteBatchAsync(id, "host-a", previous: 10);
        Assert.Equal(12L, await _db.ScalarAsync<long>("SELECT rows_done FROM imports"));
        Assert.Equal(12L, await _db.ScalarAsync<long>("SELECT created_count FROM imports"));
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
    }

    [Theory]
    [InlineData("host-a", 15)] // the job wrote up to row 15, the database has only 10: its last batch was lost
    [InlineData("host-b", 10)] // another host took the import over
    public async Task A_batch_that_does_not_find_the_record_where_its_job_left_it_writes_nothing(string owner, long previous)
    {
        var id = await RunningImportAsync();
        await Assert.ThrowsAsync<ImportLeaseLostException>(() => WriteBatchAsync(id, owner, previous));
        Assert.Equal(10L, await _db.ScalarAsync<long>("SELECT rows_done FROM imports"));
        Assert.Equal(10L, await _db.ScalarAsync<long>("SELECT created_count FROM imports"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events"));
    }
}
