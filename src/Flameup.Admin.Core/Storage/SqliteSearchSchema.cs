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
}
