using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flameup.Admin.Core.Storage.Migrations
{
    /// <summary>
    /// Per-hour creation counters kept by triggers, so stats' "recent" stays fast however many people
    /// were created lately. Hand-written SQL only: the EF model (and its snapshot) does not change.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261128044000_SpeedIndexes")]
    public partial class SpeedIndexes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteSearchSchema.CreatedHoursCreate);
            migrationBuilder.Sql(SqliteSearchSchema.CreatedHoursBackfill);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteSearchSchema.CreatedHoursDrop);
        }
    }
}
