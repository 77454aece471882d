using System.Net.Http.Headers;
using Npgsql;

namespace Flameup.Admin.Cluster.Tests;

/// <summary>
/// Several hosts (separate processes) over one fresh PostgreSQL database and one shared import folder, configured as
/// README "Running several hosts" says. Disposing it kills the hosts, drops the database and removes the folder.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string AdminEmail = "admin@cluster.test";
    public const string AdminPassword = "Cluster-Test-Passw0rd";
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90); // two cores shared with other builds

    readonly string _database;
    readonly string _folder;
    readonly Dictionary<string, string> _environment;
    readonly List<HostProcess> _hosts = [];

    Cluster(string database, string connectionString, string folder, int importBatchSize)
    {
        _database = database;
        _folder = folder;
        ConnectionString = connectionString;
        _environment = new()
        {
            ["Flameup__Database__Provider"] = "Postgres",
            ["ConnectionStrings__People"] = connectionString,
            ["Flameup__Import__Folder"] = Path.Combine(folder, "imports"),
            ["Flameup__Import__LeaseSeconds"] = "3",
            ["Flameup__Import__BatchSize"] = importBatchSize.ToString(),
            ["Flameup__CreateDemoWorkspace"] = "false",
            ["Flameup__Security__SignInLimit"] = "1000",
            ["Admin__Email"] = AdminEmail,
            ["Admin__Password"] = AdminPassword,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["DOTNET_gcServer"] = "0", // several hosts on two shared cores
        };
    }

    public string ConnectionString { get; }
    public IReadOnlyList<HostProcess> Hosts => _hosts;
    public HostProcess A => _hosts[0];
    public HostProcess B => _hosts[1];

    /// <summary>All hosts' output, for assertion messages.</summary>
    public string Outputs => string.Join("\n", _hosts.Select(h => h.Output));

    /// <summary>
    /// Starts <paramref name="hosts"/> hosts on a fresh database: one after the other as in a rolling deploy, or all at
    /// once (then they race to migrate the empty database and create the first admin).
    /// </summary>
    public static async Task<Cluster> StartAsync(int hosts = 2, bool atOnce = false, int importBatchSize = 5000)
    {
        var (name, cs) = await PostgresServer.CreateDatabaseAsync();
        var cluster = new Cluster(name, cs, Directory.CreateTempSubdirectory("flameup-cluster-").FullName, importBatchSize);
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                cluster._hosts.Add(HostProcess.Start(((char)('A' + i)).ToString(), cluster._environment, cluster._folder));
                if (!atOnce) await cluster._hosts[^1].WaitReadyAsync(ReadyTimeout);
            }
            await Task.WhenAll(cluster._hosts.Select(h => h.WaitReadyAsync(ReadyTimeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command-line verb of the same binary on the cluster's database; its stdout.</summary>
    public Task<string> CliAsync(params string[] args) => HostProcess.RunCliAsync(_environment, _folder, args);

    /// <summary>A new API key for <paramref name="workspace"/> (created if missing) with read and write scopes.</summary>
    public async Task<string> CreateKeyAsync(string workspace) =>
        (await CliAsync("keys", "create", "--workspace", workspace, "--scopes", "people:read,people:write", "--name", "cluster-test"))
            .Trim().Split('\n')[^1].Trim();

    /// <summary>An API client of one host for one workspace (base address ends at the workspace).</summary>
    public static HttpClient Api(HostProcess host, string workspace, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri($"{host.BaseUrl}/api/v1/workspaces/{workspace}/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var c = new NpgsqlConnection(ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        try
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(_database);
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Two hosts shared by the tests that kill none of them (each uses workspaces of its own).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    Cluster? _cluster;
    public Cluster Cluster => _cluster ?? throw new InvalidOperationException(PostgresServer.SkipReason ?? "The cluster did not start.");

    public async Task InitializeAsync()
    {
        if (PostgresServer.SkipReason is null) _cluster = await Cluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

/// <summary>One collection: the clusters run one at a time (each is two real hosts on two shared cores).</summary>
[CollectionDefinition("cluster")]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>;
