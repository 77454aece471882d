using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>Creates or migrates the schema, one host at a time.</summary>
internal sealed class PgSetup(PgDatabase database, IDbContextFactory<AppDbContext> contexts) : IDatabaseSetup
{
    /// <summary>The session lock that hosts starting together on one database take in turn around migrating it.</summary>
    const long MigrationLock = 0x466C616D65557031; // "FlameUp1"

    public async Task MigrateAsync(CancellationToken ct)
    {
        // EF Core's own migration lock did not keep two hosts from both applying a migration (seen in the cluster test);
        // a session lock on a connection of its own does, for as long as that connection holds it.
        await using var gate = await database.OpenAsync(ct);
        // No time limit, here or on the migration's own commands: a migration that rebuilds an index or fills a table at a
        // million people runs for minutes (the 30 s default failed the start), and the other hosts wait for it.
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", gate) { CommandTimeout = 0 })
            await take.ExecuteNonQueryAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            db.Database.SetCommandTimeout(0);
            // EF Core first reads the history table and logs a failed command when there is none (a fresh database):
            // make it exist, in the shape EF Core gives it, so a first start prints no error.
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
                    "MigrationId" character varying(150) NOT NULL PRIMARY KEY,
                    "ProductVersion" character varying(32) NOT NULL)
                """, ct);
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", gate);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
