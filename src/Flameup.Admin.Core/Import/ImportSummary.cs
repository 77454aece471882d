namespace Flameup.Admin.Core.Import;

/// <summary>An uploaded file waiting to be imported: where it is stored and what it holds.</summary>
public sealed record ImportUpload(string Id, string WorkspaceId, string FileName, long Size, string Path, ImportInspection Inspection)
{
    public ImportFormat Format => Inspection.Format;
}

/// <summary>An import as the history and the progress bar show it: the durable record plus live speed while it runs.</summary>
public sealed record ImportSummary
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string FileName { get; init; }
    public long FileSize { get; init; }
    public ImportFormat Format { get; init; }
    public required string Status { get; init; }
    public long RowsDone { get; init; }
    public long LineReached { get; init; }
    public long Created { get; init; }
    public long Updated { get; init; }
    public long Failed { get; init; }
    public string? Error { get; init; }
    public string? StartedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>How much of the file has been read, 0 to 1 (by bytes; rows are not known in advance).</summary>
    public double Fraction { get; init; }
    public double RowsPerSecond { get; init; }
    public TimeSpan? TimeLeft { get; init; }
    /// <summary>Interrupted with its file still stored: it can go on from the row it reached.</summary>
    public bool CanResume { get; init; }

    public bool IsRunning => Status == ImportStatus.Running;
}

/// <summary>Settings of imports (section "Flameup:Import").</summary>
public sealed class ImportOptions
{
    /// <summary>
    /// Where uploads are kept while they are imported; by default an "imports" folder next to the SQLite database.
    /// Several hosts must share it (whichever host runs or takes over an import reads the file from here).
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>Why a host without a database file (PostgreSQL) will not start without <see cref="Folder"/>.</summary>
    public const string FolderRequired =
        "Flameup:Import:Folder must be set with a PostgreSQL database: a folder every host shares (uploads are read by whichever host runs the import).";
    /// <summary>Rows written per transaction. Larger batches are much faster on this kind of disk (PERFORMANCE.md).</summary>
    public int BatchSize { get; set; } = 5000;
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;
    /// <summary>Failed rows kept per import for the download; the count goes on past it.</summary>
    public int MaxStoredFailures { get; set; } = 100_000;
    /// <summary>
    /// How long a running import's claim lasts without renewal. The host running it renews it every third of this;
    /// once it lapses (the host died), the first host to sweep takes the import over and goes on from the row it reached.
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;
}
