using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flameup.Admin.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "import_failures",
                columns: table => new
                {
                    pk = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    import_id = table.Column<string>(type: "TEXT", nullable: false),
                    line = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_failures", x => x.pk);
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    workspace_id = table.Column<string>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", nullable: false),
                    file_size = table.Column<long>(type: "INTEGER", nullable: false),
                    format = table.Column<string>(type: "TEXT", nullable: false),
                    options = table.Column<string>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", nullable: false),
                    rows_done = table.Column<long>(type: "INTEGER", nullable: false),
                    line_reached = table.Column<long>(type: "INTEGER", nullable: false),
                    created_count = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_count = table.Column<long>(type: "INTEGER", nullable: false),
                    failed_count = table.Column<long>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    started_by = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_import_failures_import_line",
                table: "import_failures",
                columns: new[] { "import_id", "line" });

            migrationBuilder.CreateIndex(
                name: "ix_imports_ws_created",
                table: "imports",
                columns: new[] { "workspace_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "import_failures");

            migrationBuilder.DropTable(
                name: "imports");
        }
    }
}
