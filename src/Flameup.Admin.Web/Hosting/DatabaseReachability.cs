using Flameup.Admin.Storage.Postgres;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// Before anything else touches the database at start-up: can we connect? If not, one line saying which server, which
/// database and what it answered, for the console instead of a host start-up failure with a stack trace.
/// </summary>
public static class DatabaseReachability
{
    /// <summary>Null when the database answers (or is an embedded SQLite file, opened by the migration); otherwise the line to print.</summary>
    public static async Task<string?> ProblemAsync(IServiceProvider services, CancellationToken ct = default)
    {
        PgDatabase? database;
        try { database = services.GetService<PgDatabase>(); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            return $"Cannot use the PostgreSQL connection string (ConnectionStrings:People): {e.Message}";
        }
        if (database is null) return null;
        try
        {
            await using var connection = await database.OpenAsync(ct);
            return null;
        }
        catch (Exception e) when (DatabaseUnavailable.Is(e))
        {
            return $"Cannot reach PostgreSQL at {database.Describe}: {DatabaseUnavailable.Reason(e)}";
        }
    }
}
