using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flameup.Admin.Core.Storage.Migrations
{
    /// <summary>
    /// What EF cannot express: a trigram full-text index over userId, email and the name traits
    /// (substring search without scanning people), and per-status counters kept by triggers
    /// (stats without counting people). Both stay exact because triggers run in the writing transaction.
    /// </summary>
    public partial class SearchIndexAndCounts : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteSearchSchema.Create);
            migrationBuilder.Sql(SqliteSearchSchema.Backfill);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteSearchSchema.Drop);
        }
    }
}
