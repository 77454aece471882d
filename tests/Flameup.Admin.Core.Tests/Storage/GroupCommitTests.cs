using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>Writes that queue behind another share one transaction, yet each keeps its own outcome.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.Database.WriteAsync(async (c, tx) =>
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "CREATE TABLE t (x INTEGER NOT NULL)";
            return await cmd.ExecuteNonQueryAsync();
        });
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    static async Task<long> InsertAsync(SqliteConnection c, SqliteTransaction tx, int x)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO t (x) VALUES (@x); SELECT total_changes();";
        cmd.Parameters.AddWithValue("@x", x);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_failing_write_rolls_back_only_itself_and_gets_its_own_error()
    {
        var gate = new TaskCompletionSource();
        var first = _db.Database.WriteAsync(async (c, tx) => { await gate.Task; return await InsertAsync(c, tx, 0); });
        await Task.Delay(50); // the first write now holds the writer; the next ones queue behind it

        var writes = Enumerable.Range(1, 20).Select(i => _db.Database.WriteAsync(async (c, tx) =>
        {
            await InsertAsync(c, tx, i);
            if (i % 2 == 1) throw new ConflictException("x", $"write {i} refused");
            return (long)i;
        })).ToList();
        gate.SetResult();
        await first;

        for (var i = 1; i <= 20; i++)
        {
            if (i % 2 == 0) Assert.Equal(i, await writes[i - 1]);
            else Assert.Equal($"write {i} refused", (await Assert.ThrowsAsync<ConflictException>(() => writes[i - 1])).Message);
        }
        Assert.Equal(11L, await _db.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM t WHERE x % 2 = 1"));
    }

    [Fact]
    public async Task Queued_writes_commit_together_and_each_sees_the_ones_before_it()
    {
        var gate = new TaskCompletionSource();
        var first = _db.Database.WriteAsync(async (c, tx) => { await gate.Task; return await InsertAsync(c, tx, 0); });
        await Task.Delay(50);
        var counts = Enumerable.Range(1, 10).Select(i => _db.Database.WriteAsync(async (c, tx) =>
        {
            await InsertAsync(c, tx, i);
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT count(*) FROM t";
            return (long)(await cmd.ExecuteScalarAsync())!;
        })).ToList();
        gate.SetResult();
        await first;

        // In order, in one transaction after the first: the k-th queued write sees k + 1 rows.
        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), await Task.WhenAll(counts));
    }

    [Fact]
    public async Task A_cancelled_write_still_waiting_is_never_run()
    {
        var gate = new TaskCompletionSource();
        var first = _db.Database.WriteAsync(async (c, tx) => { await gate.Task; return await InsertAsync(c, tx, 0); });
        await Task.Delay(50);
        using var cancel = new CancellationTokenSource();
        var cancelled = _db.Database.WriteAsync((c, tx) => InsertAsync(c, tx, 99), cancel.Token);
        cancel.Cancel();
        gate.SetResult();
        await first;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM t WHERE x = 99"));
    }
}
