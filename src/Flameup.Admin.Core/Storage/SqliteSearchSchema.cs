namespace Flameup.Admin.Core.Storage;

/// <summary>SQL for the search index and the status counters (SQLite). See PeopleSearchText for the searched text.</summary>
public static class SqliteSearchSchema
{
    /// <summary>
    /// The searched text of a row: userId, email, "first_name last_name" and name, separated by a
    /// unit separator so a search never matches across two fields (but "Jane Doe" matches first + last).
    /// </summary>
    public static string SearchText(string row) =>
        $"coalesce({row}.user_id,'') || char(31) || coalesce({row}.email,'') || char(31) || " +
        $"trim(coalesce(json_extract({row}.traits,'$.first_name'),'') || ' ' || coalesce(json_extract({row}.traits,'$.last_name'),'')) || char(31) || " +
        $"coalesce(json_extract({row}.traits,'$.name'),'')";

    public static readonly string Create = $"""
        CREATE VIRTUAL TABLE people_fts USING fts5(search, content='', contentless_delete=1, tokenize='trigram');

        CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
          INSERT INTO people_fts(rowid, search) VALUES (NEW.pk, {SearchText("NEW")});
        END;
        CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
          DELETE FROM people_fts WHERE rowid = OLD.pk;
        END;
        CREATE TRIGGER people_fts_au AFTER UPDATE OF user_id, email, traits ON people
        WHEN ({SearchText("OLD")}) IS NOT ({SearchText("NEW")}) BEGIN
          DELETE FROM people_fts WHERE rowid = OLD.pk;
          INSERT INTO people_fts(rowid, search) VALUES (NEW.pk, {SearchText("NEW")});
        END;

        CREATE TRIGGER people_counts_ai AFTER INSERT ON people BEGIN
          INSERT INTO people_counts(workspace_id, status, n) VALUES (NEW.workspace_id, NEW.status, 1)
            ON CONFLICT(workspace_id, status) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER people_counts_ad AFTER DELETE ON people BEGIN
          UPDATE people_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND status = OLD.status;
        END;
        CREATE TRIGGER people_counts_au AFTER UPDATE OF status, workspace_id ON people
        WHEN OLD.status IS NOT NEW.status OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
          UPDATE people_counts SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND status = OLD.status;
          INSERT INTO people_counts(workspace_id, status, n) VALUES (NEW.workspace_id, NEW.status, 1)
            ON CONFLICT(workspace_id, status) DO UPDATE SET n = n + 1;
        END;
        """;

    public static readonly string Backfill = $"""
        INSERT INTO people_fts(rowid, search) SELECT pk, {SearchText("people")} FROM people;
        INSERT INTO people_counts(workspace_id, status, n) SELECT workspace_id, status, count(*) FROM people GROUP BY workspace_id, status;
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS people_counts_au; DROP TRIGGER IF EXISTS people_counts_ad; DROP TRIGGER IF EXISTS people_counts_ai;
        DROP TRIGGER IF EXISTS people_fts_au; DROP TRIGGER IF EXISTS people_fts_ad; DROP TRIGGER IF EXISTS people_fts_ai;
        DROP TABLE IF EXISTS people_fts; DELETE FROM people_counts;
        """;

    /// <summary>
    /// People created per workspace and hour, kept by triggers like the status counters, so "created in
    /// the last 7 days" sums a few hundred buckets and counts only the oldest, partial hour by index.
    /// </summary>
    public const string CreatedHoursCreate = """
        CREATE TABLE people_created_hours (
          workspace_id TEXT NOT NULL, hour INTEGER NOT NULL, n INTEGER NOT NULL,
          PRIMARY KEY (workspace_id, hour)
        ) WITHOUT ROWID;

        CREATE TRIGGER people_hours_ai AFTER INSERT ON people BEGIN
          INSERT INTO people_created_hours(workspace_id, hour, n) VALUES (NEW.workspace_id, NEW.created_at / 3600000, 1)
            ON CONFLICT(workspace_id, hour) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER people_hours_ad AFTER DELETE ON people BEGIN
          UPDATE people_created_hours SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND hour = OLD.created_at / 3600000;
        END;
        CREATE TRIGGER people_hours_au AFTER UPDATE OF created_at, workspace_id ON people
        WHEN OLD.created_at IS NOT NEW.created_at OR OLD.workspace_id IS NOT NEW.workspace_id BEGIN
          UPDATE people_created_hours SET n = n - 1 WHERE workspace_id = OLD.workspace_id AND hour = OLD.created_at / 3600000;
          INSERT INTO people_created_hours(workspace_id, hour, n) VALUES (NEW.workspace_id, NEW.created_at / 3600000, 1)
            ON CONFLICT(workspace_id, hour) DO UPDATE SET n = n + 1;
        END;
        """;

    public const string CreatedHoursBackfill = """
        DELETE FROM people_created_hours;
        INSERT INTO people_created_hours(workspace_id, hour, n)
          SELECT workspace_id, created_at / 3600000, count(*) FROM people GROUP BY workspace_id, created_at / 3600000;
        """;

    public const string CreatedHoursDrop = """
        DROP TRIGGER IF EXISTS people_hours_au; DROP TRIGGER IF EXISTS people_hours_ad; DROP TRIGGER IF EXISTS people_hours_ai;
        DROP TABLE IF EXISTS people_created_hours;
        """;

    /// <summary>People of a workspace created at or after @since (unix ms): whole hours from the buckets, the partial first hour by index.</summary>
    public const string CountCreatedSince = """
        SELECT coalesce((SELECT sum(n) FROM people_created_hours WHERE workspace_id = @ws AND hour > @since / 3600000), 0)
             + (SELECT count(*) FROM people WHERE workspace_id = @ws AND created_at >= @since AND created_at < (@since / 3600000 + 1) * 3600000)
        """;
}
