using Npgsql;

namespace Flameup.Admin.Tests;

/// <summary>
/// The PostgreSQL server of the test runs: <c>FLAMEUP_TEST_POSTGRES</c> (an Npgsql connection string to a database
/// the role can connect to, with CREATEDB), or the local default. Each fixture gets a database of its own.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "FLAMEUP_TEST_POSTGRES";
    public const string Default = "Host=127.0.0.1;Port=5432;Username=flameup;Password=flameup;Database=postgres";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : Default;

    // One short connect per test process, so that a missing server costs seconds, not a timeout per test.
    static readonly Lazy<string?> Problem = new(() =>
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 3, Pooling = false };
            using var c = new NpgsqlConnection(b.ConnectionString);
            c.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
        {
            return e.Message;
        }
    });

    public static bool Available => Problem.Value is null;

    /// <summary>Why the PostgreSQL tests are skipped (null when the server answers).</summary>
    public static string? Reason => Problem.Value is { } p
        ? $"No PostgreSQL server at {Describe(ConnectionString)} ({p}). Set {Variable} to an Npgsql connection string; .ci/run starts one."
        : null;

    /// <summary>A new, empty database; dispose it to drop it.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        if (Reason is { } reason) throw new InvalidOperationException(reason);
        var name = "flameup_t_" + Guid.NewGuid().ToString("N");
        await using (var c = new NpgsqlConnection(ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return new PostgresTestDatabase(name, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString);
    }

    internal static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools(); // idle pooled connections to it would only be killed by FORCE anyway
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
        await cmd.ExecuteNonQueryAsync();
    }

    static string Describe(string cs)
    {
        try { var b = new NpgsqlConnectionStringBuilder(cs); return $"{b.Host}:{b.Port}/{b.Database} as {b.Username}"; }
        catch (ArgumentException) { return "(unreadable connection string)"; }
    }
}

/// <summary>A database of its own for one fixture, dropped (WITH (FORCE)) when disposed.</summary>
public sealed class PostgresTestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name => name;
    public string ConnectionString => connectionString;
    public ValueTask DisposeAsync() => new(PostgresServer.DropAsync(name));
}
