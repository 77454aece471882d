using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// The SQLite database: the connection string, and open connections for the hand-written SQL of the
/// people and events paths. One writer at a time in this process (SQLite allows one anyway): writes
/// queue in-process, which is fairer and cheaper than SQLite's busy-retry loop, and commit in groups.
/// </summary>
public sealed class Database : IDisposable
{
    public Database(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30; // busy timeout for other processes (CLI, a second host)
        builder.Pooling = true;
        ConnectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    public string ConnectionString { get; }
    public string DataSource { get; }

    /// <summary>The folder holding the database file; null for an in-memory or URI database.</summary>
    public string? Folder => DataSource == ":memory:" || DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        ? null : Path.GetDirectoryName(Path.GetFullPath(DataSource)) is { Length: > 0 } dir ? dir : null;

    /// <summary>An open connection; dispose it to hand it back (it stays open, with its prepared commands, for the next use).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_idle.TryTake(out var held))
        {
            Interlocked.Decrement(ref _idleCount);
            held.Rent();
            return held;
        }
        var connection = new HeldConnection(this, ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Idle connections kept open; more are opened under load and closed when handed back.</summary>
    public const int MaxIdle = 16;

    readonly ConcurrentBag<HeldConnection> _idle = [];
    int _idleCount;
    bool _disposed;

    internal bool Return(HeldConnection connection)
    {
        // Keep only a connection left as it was found: open, and not inside a transaction.
        if (_disposed || connection.State != System.Data.ConnectionState.Open || SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            return false;
        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }
        _idle.Add(connection);
        return true;
    }

    /// <summary>Closes the idle connections (the service provider disposes the database with itself).</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var held)) held.Destroy();
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside an immediate write transaction, committed before this returns.
    /// Writes that arrive while another group is being written are run together in the next transaction
    /// (group commit): one commit for many requests, each in its own savepoint, so a write that throws
    /// rolls back only its own changes and gets its own exception.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingWrite(async (c, tx) => await work(c, tx), ct);
        bool lead;
        lock (_queue)
        {
            _queue.Enqueue(pending);
            lead = !_writing;
            _writing = true;
        }
        if (lead) _ = Task.Run(WriteGroupsAsync, CancellationToken.None);
        return (T)(await pending.Done.Task)!;
    }

    sealed class PendingWrite(Func<SqliteConnection, SqliteTransaction, Task<object?>> work, CancellationToken ct)
    {
        public readonly Func<SqliteConnection, SqliteTransaction, Task<object?>> Work = work;
        public readonly CancellationToken Ct = ct;
        public readonly TaskCompletionSource<object?> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public object? Result;
    }

    /// <summary>How many writes share one transaction at most (bounds the wait of the first one).</summary>
    public const int MaxGroup = 64;

    readonly Queue<PendingWrite> _queue = new();
    bool _writing;

    async Task WriteGroupsAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (true)
        {
            group.Clear();
            lock (_queue)
            {
                while (group.Count < MaxGroup && _queue.TryDequeue(out var next)) group.Add(next);
                if (group.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }
            await WriteGroupAsync(group);
        }
    }

    async Task WriteGroupAsync(List<PendingWrite> group)
    {
        var committed = new List<PendingWrite>(group.Count);
        try
        {
            await using var connection = await OpenAsync();
            // A savepoint keeps the original of every page it changes in a statement journal, which spills
            // to a temp file past 64 KiB (a 100-person batch does): keep it in memory. Checkpoints run in
            // the background (CheckpointSoon), not inside a commit that requests are waiting on.
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;";
                await pragma.ExecuteNonQueryAsync();
            }
            await using var tx = connection.BeginTransaction(deferred: false);
            var alone = group.Count == 1; // a write alone needs no savepoint: its failure rolls back the transaction
            foreach (var write in group)
            {
                if (write.Ct.IsCancellationRequested)
                {
                    write.Done.TrySetCanceled(write.Ct);
                    continue;
                }
                if (!alone) tx.Save("w");
                try
                {
                    write.Result = await write.Work(connection, tx);
                    if (!alone) tx.Release("w");
                    committed.Add(write);
                }
                catch (Exception e) when (!alone)
                {
                    tx.Rollback("w"); // undoes this write only; if even that fails, the whole group fails below
                    tx.Release("w");
                    write.Done.TrySetException(e);
                }
            }
            await tx.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            foreach (var write in group) write.Done.TrySetException(e);
            return;
        }
        foreach (var write in committed) write.Done.TrySetResult(write.Result);
        CheckpointSoon();
    }

    /// <summary>At most this often, copy the write-ahead log back into the database file.</summary>
    static readonly TimeSpan CheckpointEvery = TimeSpan.FromMilliseconds(500);
    long _lastCheckpoint = Environment.TickCount64;
    int _checkpointing;

    /// <summary>
    /// A passive checkpoint on its own connection: it neither blocks nor waits for readers and writers,
    /// so its copying and fsync no longer stall the commit that happened to cross SQLite's threshold.
    /// </summary>
    void CheckpointSoon()
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _lastCheckpoint) < CheckpointEvery.TotalMilliseconds) return;
        if (Interlocked.Exchange(ref _checkpointing, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var c = new SqliteConnection(ConnectionString);
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await cmd.ExecuteNonQueryAsync();
            }
            catch (Exception) { } // best effort (busy, or the database is going away): the next commit tries again
            finally
            {
                Interlocked.Exchange(ref _lastCheckpoint, Environment.TickCount64);
                Interlocked.Exchange(ref _checkpointing, 0);
            }
        });
    }

    /// <summary>Resolves the configured connection string; a relative file goes under the content root.</summary>
    public static string Resolve(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/flameup.db" : configured);
        var source = builder.DataSource;
        if (source != ":memory:" && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var dir = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return builder.ToString();
    }
}
