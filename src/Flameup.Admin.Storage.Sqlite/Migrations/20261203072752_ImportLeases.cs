using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flameup.Admin.Storage.Sqlite.Migrations
{
    /// <summary>
    /// Running imports carry an owner and a lease, and the database allows one running import per workspace.
    /// Imports left running by an older version have no lease: they become interrupted first (as start-up
    /// recovery did), so the unique index can be built.
    /// </summary>
    public partial class ImportLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "lease_until",
                table: "imports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner",
                table: "imports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE imports SET status = 'interrupted', error = 'The server stopped during the import; resume it to go on from the row it reached.'
                WHERE status = 'running'
                """);

            migrationBuilder.CreateIndex(
                name: "ux_imports_ws_running",
                table: "imports",
                column: "workspace_id",
                unique: true,
                filter: "status = 'running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_imports_ws_running",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "imports");

            migrationBuilder.DropColumn(
                name: "owner",
                table: "imports");
        }
    }
}
