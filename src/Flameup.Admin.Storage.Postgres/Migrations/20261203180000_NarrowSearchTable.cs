using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Flameup.Admin.Storage.Postgres.Migrations;

/// <summary>
/// The substring search moves to a narrow table, people_search (workspace_id, id, created_at, status, lower(search)), with the
/// trigram GIN index that was on people. A broad term (1 % of a million people) has ~10,000 hits, and GIN has no
/// index-only scans: each hit is rechecked in the table. In people that is ~10,000 pages of 8 KiB rows with their traits;
/// here rows are ~120 bytes, so the pages are fewer and stay in shared buffers, and the text is stored lower-cased so
/// the recheck is a plain LIKE (no case folding per row). The page of a search sorted by created_at, with or without a
/// status, and its total are answered from this table alone (SQLite keeps its trigram index in a separate FTS table for the same reason).
/// <para>Kept equal to people by statement-level triggers with transition tables (one set-based statement per write
/// statement, whatever writes: the write session, COPY, the seeder), so no writer can forget it.</para>
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261203180000_NarrowSearchTable")]
public sealed class NarrowSearchTable : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE people_search (
                workspace_id text NOT NULL,
                id uuid NOT NULL,
                created_at bigint NOT NULL,
                status text NOT NULL,
                search text NOT NULL,
                PRIMARY KEY (workspace_id, id)
            );
            INSERT INTO people_search (workspace_id, id, created_at, status, search)
            SELECT workspace_id, id, created_at, status, lower(search) FROM people ORDER BY workspace_id, pk;
            CREATE INDEX ix_people_search_trgm ON people_search USING gin (workspace_id, search gin_trgm_ops);
            DROP INDEX ix_people_ws_search;
            ANALYZE people_search;

            CREATE FUNCTION people_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO people_search (workspace_id, id, created_at, status, search)
              SELECT workspace_id, id, created_at, status, lower(search) FROM inserted;
              RETURN NULL;
            END $$;
            CREATE TRIGGER people_search_inserted AFTER INSERT ON people
              REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION people_search_inserted();

            -- Only people whose search text or status changed (most updates change other traits).
            CREATE FUNCTION people_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE people_search s SET search = lower(n.search), status = n.status
              FROM after_update n JOIN before_update o ON o.workspace_id = n.workspace_id AND o.pk = n.pk
              WHERE (n.search IS DISTINCT FROM o.search OR n.status <> o.status) AND s.workspace_id = n.workspace_id AND s.id = n.id;
              RETURN NULL;
            END $$;
            CREATE TRIGGER people_search_updated AFTER UPDATE ON people
              REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update FOR EACH STATEMENT EXECUTE FUNCTION people_search_updated();

            CREATE FUNCTION people_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM people_search s USING deleted d WHERE s.workspace_id = d.workspace_id AND s.id = d.id;
              RETURN NULL;
            END $$;
            CREATE TRIGGER people_search_deleted AFTER DELETE ON people
              REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION people_search_deleted();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER people_search_inserted ON people;
            DROP TRIGGER people_search_updated ON people;
            DROP TRIGGER people_search_deleted ON people;
            DROP FUNCTION people_search_inserted(), people_search_updated(), people_search_deleted();
            DROP TABLE people_search;
            CREATE INDEX ix_people_ws_search ON people USING gin (workspace_id, search gin_trgm_ops);
            """);
    }
}
