using Flameup.Admin.Core;
using Flameup.Admin.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>
/// A fresh database on the PostgreSQL server of FLAMEUP_TEST_POSTGRES (default: the local test server), dropped at the
/// end; each <see cref="BuildHost"/> is one more host's services on it. (Small on purpose, to fold into the shared
/// PostgreSQL test helper.)
/// </summary>
public sealed class PgTestDatabase : IAsyncLifetime
{
    const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=flameup;Password=flameup;Database=postgres";
    readonly string _server = Environment.GetEnvironmentVariable("FLAMEUP_TEST_POSTGRES") is { Length: > 0 } s ? s : DefaultServer;

    public string Name { get; } = "flameup_sig_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;

    public async Task InitializeAsync()
    {
        await ExecuteAsync($"CREATE DATABASE {Name}");
        await using var host = BuildHost();
        await host.MigrateDatabaseAsync();
    }

    /// <summary>Another host: its own container, data source, caches and listener, on the same database.</summary>
    public ServiceProvider BuildHost(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlameupCore(o => o.UsePostgres(ConnectionString));
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs SQL on the server's maintenance database (not this one), e.g. to take this database away and back.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Ends the server processes of this database's connections, as a restart of the server would.</summary>
    public Task TerminateConnectionsAsync(string? applicationName = null) => ExecuteAsync(
        $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid()"
        + (applicationName is null ? "" : $" AND application_name = '{applicationName}'"));

    /// <summary>Refuses new connections and ends the open ones: the database is down until <see cref="BringBackAsync"/>.</summary>
    public async Task TakeDownAsync()
    {
        await ExecuteAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS false");
        await TerminateConnectionsAsync();
    }

    public Task BringBackAsync() => ExecuteAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS true");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
