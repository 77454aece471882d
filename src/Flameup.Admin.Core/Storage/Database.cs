using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Core.Storage;

/// <summary>
/// The SQLite database: the connection string, and open connections for the hand-written SQL of the
/// people and events paths. One writer at a time in this process (SQLite allows one anyway); waiting
/// in-process is fairer and cheaper than SQLite's busy-retry loop.
/// </summary>
public sealed class Database
{
    readonly SemaphoreSlim _writeGate = new(1, 1);

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

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> inside one immediate write transaction, committed when it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = connection.BeginTransaction(deferred: false);
            var result = await work(connection, tx);
            await tx.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
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
