namespace Flameup.Admin.Core.Import;

/// <summary>
/// This host no longer owns the import (its lease lapsed and another host took it over): the batch it was writing is
/// dropped and the job stops here without touching the import's record, which belongs to the new owner.
/// </summary>
public sealed class ImportLeaseLostException(string importId)
    : Exception($"Import {importId} is now run by another server; this one stops writing it.");
