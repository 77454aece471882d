using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>Creates or migrates the schema (EF Core's migration lock keeps two hosts starting together from racing).</summary>
internal sealed class PgSetup(IDbContextFactory<AppDbContext> contexts) : IDatabaseSetup
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }
}
