namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// SQL that live code runs against the search index and counters the migrations created (SQLite): the demo
/// seeder's backfill and the "recent" count. <see cref="SearchText"/> must equal the expression in the
/// people_fts triggers of the latest migration that wrote them (a test compares them).
/// </summary>
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

    public static readonly string Backfill = $"""
        INSERT INTO people_fts(rowid, search) SELECT pk, {SearchText("people")} FROM people;
        INSERT INTO people_counts(workspace_id, status, n) SELECT workspace_id, status, count(*) FROM people GROUP BY workspace_id, status;
        """;

    public const string CreatedHoursBackfill = """
        DELETE FROM people_created_hours;
        INSERT INTO people_created_hours(workspace_id, hour, n)
          SELECT workspace_id, created_at / 3600000, count(*) FROM people GROUP BY workspace_id, created_at / 3600000;
        """;

    /// <summary>People of a workspace created at or after @since (unix ms): whole hours from the buckets, the partial first hour by index.</summary>
    public const string CountCreatedSince = """
        SELECT coalesce((SELECT sum(n) FROM people_created_hours WHERE workspace_id = @ws AND hour > @since / 3600000), 0)
             + (SELECT count(*) FROM people WHERE workspace_id = @ws AND created_at >= @since AND created_at < (@since / 3600000 + 1) * 3600000)
        """;
}
