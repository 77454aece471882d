using Flameup.Admin.Core.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Flameup.Admin.Storage.Postgres.Migrations;

/// <summary>
/// The whole schema on PostgreSQL, as literal SQL. People and events lead every key and index with workspace_id, so a
/// database distributed by workspace_id needs no change; the admin tables (users, keys, workspaces, imports) are small.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261203100000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.Sql(PgSchema.Extensions);
        m.Sql(PgSchema.AdminTables);
        m.Sql(PgSchema.People);
        m.Sql(PgSchema.Events);
    }

    protected override void Down(MigrationBuilder m) => throw new NotSupportedException("The first migration is not undone.");
}
