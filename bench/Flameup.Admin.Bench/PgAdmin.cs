using Npgsql;

namespace Flameup.Admin.Bench;

/// <summary>Creating, dropping and inspecting the benchmark's own PostgreSQL databases (names starting with flameup_bench).</summary>
public static class PgAdmin
{
    /// <summary>The same server and role, another database.</summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    static string Name(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";
        if (!name.StartsWith("flameup_bench", StringComparison.Ordinal) || name.Contains('"'))
            throw new ArgumentException($"Refusing to drop or create database '{name}': the benchmark's databases are named flameup_bench*.");
        return name;
    }

    /// <summary>People in the workspace not written by the benchmark's write scenarios (their userIds start with bench_); null without a database or schema.</summary>
    public static async Task<long?> GeneratedPeopleAsync(string connectionString, string ws)
    {
        var name = Name(connectionString);
        await using (var admin = new NpgsqlConnection(WithDatabase(connectionString, "postgres")))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", admin);
            exists.Parameters.AddWithValue("n", name);
            if (await exists.ExecuteScalarAsync() is null) return null;
        }
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using (var schema = new NpgsqlCommand("SELECT to_regclass('public.people') IS NOT NULL", c))
            if (!(bool)(await schema.ExecuteScalarAsync())!) return null;
        await using var count = new NpgsqlCommand(
            @"SELECT count(*) FILTER (WHERE user_id NOT LIKE 'bench\_%') FROM people WHERE workspace_id = @ws", c);
        count.Parameters.AddWithValue("ws", ws);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Drops the database (closing other sessions on it) and creates it empty.</summary>
    public static async Task RecreateAsync(string connectionString)
    {
        var name = Name(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(WithDatabase(connectionString, "postgres"));
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) await create.ExecuteNonQueryAsync();
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = Name(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(WithDatabase(connectionString, "postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task ExecAsync(string connectionString, string sql, TimeSpan timeout)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = (int)timeout.TotalSeconds };
        await cmd.ExecuteNonQueryAsync();
    }
}
