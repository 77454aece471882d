using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>Runs domain work in one write transaction (one implementation per database provider).</summary>
public interface IWriteUnit
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed before this returns; if it throws, nothing it
    /// wrote stays and the exception reaches the caller.
    /// </summary>
    Task<T> RunAsync<T>(Func<IWriteSession, Task<T>> work, CancellationToken ct = default);
}

/// <summary>What the domain writes inside one transaction.</summary>
public interface IWriteSession
{
    /// <summary>The people of these userIds that exist, by userId, ready to change.</summary>
    Task<Dictionary<string, PersonState>> LoadByUserIdsAsync(string ws, IEnumerable<string> userIds, CancellationToken ct = default);

    Task<List<PersonState>> LoadByIdsAsync(string ws, IEnumerable<Guid> ids, CancellationToken ct = default);

    /// <summary>Whether a person other than <paramref name="except"/> has this userId.</summary>
    Task<bool> UserIdTakenAsync(string ws, string userId, Guid except, CancellationToken ct = default);

    /// <summary>The id of the person with this userId, if any.</summary>
    Task<Guid?> FindIdByUserIdAsync(string ws, string userId, CancellationToken ct = default);

    /// <summary>Whether the workspace has a person with this id (without loading them).</summary>
    Task<bool> ExistsAsync(string ws, Guid id, CancellationToken ct = default);

    /// <summary>
    /// Inserts a new person or writes the changed fields of a loaded one. False when the person is new and its userId
    /// is already taken (another writer inserted it after it was looked up): nothing was written, and the caller
    /// reloads that person and merges onto it. The database's unique (workspace, userId) index decides, not a lookup.
    /// (A storage whose writers lock each userId before they look it up, as PostgreSQL's does, never sees that race.)
    /// </summary>
    Task<bool> SaveAsync(PersonState person, CancellationToken ct = default);

    Task RecordEventAsync(string ws, PersonEvent e, string? anonymousId, CancellationToken ct = default);

    /// <summary>Gives a person the events recorded earlier under an anonymous id.</summary>
    Task AttachAnonymousEventsAsync(string ws, string anonymousId, Guid personId, CancellationToken ct = default);

    /// <summary>Deletes a person and their events; false when there was no such person.</summary>
    Task<bool> DeleteAsync(string ws, Guid id, CancellationToken ct = default);

    /// <summary>
    /// Records how far an import got, with its counts and failed rows, atomically with the batch it wrote. Only while
    /// <see cref="ImportBatchRecord.Owner"/> still owns the import and its record is where this job's last batch left it
    /// (<c>UPDATE imports … WHERE id = @id AND owner = @owner AND rows_done = @previous</c>): when another host took it
    /// over, or the database no longer has the job's last batch, throws <see cref="Import.ImportLeaseLostException"/>, so
    /// the batch is not written. The storage may therefore commit import batches without waiting for them to be durable
    /// (PostgreSQL does): a batch lost in a database crash is found missing by the next one, and the import goes on from
    /// the row the database kept.
    /// </summary>
    Task RecordImportBatchAsync(ImportBatchRecord batch, CancellationToken ct = default);
}

/// <summary>
/// One import batch's progress: the row and line reached, what it created and updated, the rows that failed, the
/// host writing it (the owner it must still be) and the row its previous batch reached (where the record must still be).
/// </summary>
public sealed record ImportBatchRecord(string ImportId, long RowsDone, long LineReached, int Created, int Updated, int FailedCount,
    IReadOnlyList<ImportFailureRecord> StoredFailures, string Owner, long PreviousRowsDone);

public sealed record ImportFailureRecord(long Line, string Reason, string? Data);
