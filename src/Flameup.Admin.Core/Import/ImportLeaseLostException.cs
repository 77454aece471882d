namespace Flameup.Admin.Core.Import;

/// <summary>
/// The import's record is no longer this job's: its lease lapsed and another host took it over, or the database lost
/// the job's last batch (an unflushed commit, in a database crash). The batch it was writing is dropped and the job
/// stops here without touching the record; the import's owner, or the next sweep once the lease lapses, goes on from
/// the row the record holds.
/// </summary>
public sealed class ImportLeaseLostException(string importId)
    : Exception($"Import {importId} is no longer where this server left it (another server runs it, or the database lost this server's last batch); this one stops writing it.");
