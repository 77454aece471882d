namespace Flameup.Admin.Core.Import;

// Persistence shapes of imports (EF Core owns the schema; the job records progress through the write session, inside each batch's transaction).

/// <summary>One import: its file, its options, how far it got and what it did.</summary>
public sealed class ImportJobRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string FileName { get; set; } = "";
    public long FileSize { get; set; }
    public string Format { get; set; } = "";
    /// <summary>The CSV mapping as JSON (null for JSON and NDJSON), kept so an interrupted import resumes with the same choices.</summary>
    public string? OptionsJson { get; set; }
    public string Status { get; set; } = ImportStatus.Running;
    /// <summary>Data rows read and settled (written or failed) by committed batches: where a resume starts.</summary>
    public long RowsDone { get; set; }
    /// <summary>The input line of the last settled row.</summary>
    public long LineReached { get; set; }
    public long CreatedCount { get; set; }
    public long UpdatedCount { get; set; }
    public long FailedCount { get; set; }
    public string? Error { get; set; }
    public string? StartedBy { get; set; }
    public long CreatedAt { get; set; }
    public long? FinishedAt { get; set; }
    /// <summary>The host running it (while running).</summary>
    public string? Owner { get; set; }
    /// <summary>Until when (unix ms) the owner's claim holds; renewed while it runs.</summary>
    public long? LeaseUntil { get; set; }
}

/// <summary>A row that was not imported: its line in the file, why, and the row as it was.</summary>
public sealed class ImportFailureRow
{
    public long Pk { get; set; }
    public string ImportId { get; set; } = "";
    public long Line { get; set; }
    public string Reason { get; set; } = "";
    public string? Data { get; set; }
}

public static class ImportStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Interrupted = "interrupted";
}
