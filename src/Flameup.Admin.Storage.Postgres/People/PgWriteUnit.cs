using Npgsql;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// Domain work in one PostgreSQL transaction (read committed). The session locks what it changes in key order
/// (<see cref="PgWriteSession"/>), and what it buffered is written just before the commit, the counters with it.
/// After a bulk write, the search index's pending entries are merged apart from it (<see cref="PgSearchIndexMerger"/>).
/// </summary>
internal sealed class PgWriteUnit(PgDatabase db, PgSearchIndexMerger merger) : IWriteUnit
{
    public async Task<T> RunAsync<T>(Func<IWriteSession, Task<T>> work, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var session = new PgWriteSession(c, tx, merger);
        var result = await work(session);
        await session.FlushAsync(ct, counters: true);
        await tx.CommitAsync(ct);
        if (session.SearchIndexMergeWanted) merger.Request();
        return result;
    }
}
