using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>Domain work in the SQLite database's group-committed write transactions (<see cref="Database.WriteAsync{T}"/>).</summary>
internal sealed class SqliteWriteUnit(Database db) : IWriteUnit
{
    public Task<T> RunAsync<T>(Func<IWriteSession, Task<T>> work, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            using var session = new SqliteWriteSession(c, tx);
            return await work(session);
        }, ct);
}
