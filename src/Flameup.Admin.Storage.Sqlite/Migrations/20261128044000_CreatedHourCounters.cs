using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flameup.Admin.Storage.Sqlite.Migrations
{
    /// <summary>
    /// Per-hour creation counters kept by triggers, so stats' "recent" stays fast however many people
    /// were created lately. Hand-written SQL only: the EF model (and its snapshot) does not change.
    /// The id keeps its first name ("SpeedIndexes"): databases in use have it in their history.
    /// The SQL is written out here, frozen: a migration must not change when live code does.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261128044000_SpeedIndexes")]
    public partial class CreatedHourCounters : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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
                """);
            migrationBuilder.Sql("""
                DELETE FROM people_created_hours;
                INSERT INTO people_created_hours(workspace_id, hour, n)
                  SELECT workspace_id, created_at / 3600000, count(*) FROM people GROUP BY workspace_id, created_at / 3600000;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS people_hours_au; DROP TRIGGER IF EXISTS people_hours_ad; DROP TRIGGER IF EXISTS people_hours_ai;
                DROP TABLE IF EXISTS people_created_hours;
                """);
        }
    }
}
