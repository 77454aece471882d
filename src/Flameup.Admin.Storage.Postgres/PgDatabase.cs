using Npgsql;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>The PostgreSQL database: one pooled data source for EF Core and the hand-written SQL of people and events.</summary>
public sealed class PgDatabase : IAsyncDisposable
{
    public PgDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The people and events statements are few and run constantly: let Npgsql prepare them on each connection.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        ConnectionString = builder.ConnectionString;
        DataSource = new NpgsqlDataSourceBuilder(ConnectionString).Build();
        Describe = $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    /// <summary>host:port/database, for messages (never the password).</summary>
    public string Describe { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct = default) => DataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
