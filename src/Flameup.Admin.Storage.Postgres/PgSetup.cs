using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>Creates or migrates the schema (EF Core's migration lock keeps two hosts starting together from racing).</summary>
internal sealed class PgSetup(IDbContextFactory<AppDbContext> contexts) : IDatabaseSetup
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // EF Core first reads the history table and logs a failed command when there is none (a fresh database): make
        // it exist, in the shape EF Core gives it, so a first start prints no error.
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
                "MigrationId" character varying(150) NOT NULL PRIMARY KEY,
                "ProductVersion" character varying(32) NOT NULL)
            """, ct);
        await db.Database.MigrateAsync(ct);
    }
}
