using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flameup.Admin.Storage.Sqlite.Migrations
{
    /// <summary>
    /// What EF cannot express: a trigram full-text index over userId, email and the name traits
    /// (substring search without scanning people), and per-status counters kept by triggers
    /// (stats without counting people). Both stay exact because triggers run in the writing transaction.
    /// The SQL is written out here, frozen: a migration must not change when live code does. A later change to
    /// the searched text is a new migration (and <see cref="SqliteSearchSchema.SearchText"/> follows it).
    /// </summary>
    public partial class SearchIndexAndCounts : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE people_fts USING fts5(search, content='', contentless_delete=1, tokenize='trigram');

                CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN
                  INSERT INTO people_fts(rowid, search) VALUES (NEW.pk, coalesce(NEW.user_id,'') || char(31) || coalesce(NEW.email,'') || char(31) || trim(coalesce(json_extract(NEW.traits,'$.first_name'),'') || ' ' || coalesce(json_extract(NEW.traits,'$.last_name'),'')) || char(31) || coalesce(json_extract(NEW.traits,'$.name'),''));
                END;
                CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN
                  DELETE FROM people_fts WHERE rowid = OLD.pk;
                END;
                CREATE TRIGGER people_fts_au AFTER UPDATE OF user_id, email, traits ON people
                WHEN (coalesce(OLD.user_id,'') || char(31) || coalesce(OLD.email,'') || char(31) || trim(coalesce(json_extract(OLD.traits,'$.first_name'),'') || ' ' || coalesce(json_extract(OLD.traits,'$.last_name'),'')) || char(31) || coalesce(json_extract(OLD.traits,'$.name'),'')) IS NOT (coalesce(NEW.user_id,'') || char(31) || coalesce(NEW.email,'') || char(31) || trim(coalesce(json_extract(NEW.traits,'$.first_name'),'') || ' ' || coalesce(json_extract(NEW.traits,'$.last_name'),'')) || char(31) || coalesce(json_extract(NEW.traits,'$.name'),'')) BEGIN
                  DELETE FROM people_fts WHERE rowid = OLD.pk;
                  INSERT INTO people_fts(rowid, search) VALUES (NEW.pk, coalesce(NEW.user_id,'') || char(31) || coalesce(NEW.email,'') || char(31) || trim(coalesce(json_extract(NEW.traits,'$.first_name'),'') || ' ' || coalesce(json_extract(NEW.traits,'$.last_name'),'')) || char(31) || coalesce(json_extract(NEW.traits,'$.name'),''));
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
                """);
            migrationBuilder.Sql("""
                INSERT INTO people_fts(rowid, search) SELECT pk, coalesce(people.user_id,'') || char(31) || coalesce(people.email,'') || char(31) || trim(coalesce(json_extract(people.traits,'$.first_name'),'') || ' ' || coalesce(json_extract(people.traits,'$.last_name'),'')) || char(31) || coalesce(json_extract(people.traits,'$.name'),'') FROM people;
                INSERT INTO people_counts(workspace_id, status, n) SELECT workspace_id, status, count(*) FROM people GROUP BY workspace_id, status;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS people_counts_au; DROP TRIGGER IF EXISTS people_counts_ad; DROP TRIGGER IF EXISTS people_counts_ai;
                DROP TRIGGER IF EXISTS people_fts_au; DROP TRIGGER IF EXISTS people_fts_ad; DROP TRIGGER IF EXISTS people_fts_ai;
                DROP TABLE IF EXISTS people_fts; DELETE FROM people_counts;
                """);
        }
    }
}
