using Npgsql;

namespace Flameup.Admin.Cluster.Tests;

/// <summary>
/// The PostgreSQL server the hosts share: <c>FLAMEUP_TEST_POSTGRES</c> (an Npgsql connection string for a role with
/// CREATEDB) or the local default. Each cluster gets a fresh database, dropped afterwards.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "FLAMEUP_TEST_POSTGRES";
    public const string Default = "Host=127.0.0.1;Port=5432;Username=flameup;Password=flameup;Database=postgres";

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : Default;

    // One short probe per test run: a missing server costs seconds, not a timeout per test.
    static readonly Lazy<string?> Problem = new(() =>
    {
        try
        {
            using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 3, Pooling = false }.ConnectionString);
            c.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return e.Message;
        }
    });

    /// <summary>Why the cluster tests are skipped; null when the server answers.</summary>
    public static string? SkipReason => Problem.Value is { } p
        ? $"Cluster tests skipped: no PostgreSQL server at {Describe()} ({p}). Set {Variable} to an Npgsql connection string; .ci/run starts one."
        : null;

    /// <summary>A new empty database (name prefixed flameup_cl_); returns its connection string.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var name = "flameup_cl_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return (name, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString);
    }

    public static async Task DropDatabaseAsync(string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            // 42501: an autovacuum worker is busy in it (after an import), which FORCE may not end for a non-superuser.
            catch (PostgresException e) when (e.SqlState == "42501" && attempt < 30)
            {
                await Task.Delay(1000);
            }
        }
    }

    static async Task ExecuteAsync(string sql)
    {
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    static string Describe()
    {
        try { var b = new NpgsqlConnectionStringBuilder(ConnectionString); return $"{b.Host}:{b.Port}/{b.Database} as {b.Username}"; }
        catch (ArgumentException) { return "(unreadable connection string)"; }
    }
}

/// <summary>A test that needs the PostgreSQL server; skipped with the reason when none answers.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason) Skip = reason;
    }
}
