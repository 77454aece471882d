using Flameup.Admin.Core.Common;
using System.Diagnostics;
using System.Net.Http.Headers;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Workspaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
#if POSTGRES
using Flameup.Admin.Storage.Postgres;
using Flameup.Admin.Tests;
using Flameup.Admin.Web.Hosting;
#endif

namespace Flameup.Admin.Api.Tests;

/// <summary>
/// The real app (in-memory test server) on a fresh SQLite file in a temp folder, or, compiled with POSTGRES
/// (tests/Flameup.Admin.Api.Tests.Postgres), on a fresh PostgreSQL database of its own, chosen by the app's own setting.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("flameup-api-").FullName;
    public string DatabasePath => Path.Combine(Folder, "people.db");
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

#if POSTGRES
    // Created when the host is first configured, so that a fixture of skipped tests never needs the server; Lazy
    // because tests may start the host from several threads at once.
    readonly Lazy<PostgresTestDatabase> _postgres = new(() => PostgresServer.CreateDatabaseAsync().GetAwaiter().GetResult());
    public string ConnectionString => _postgres.Value.ConnectionString;
#else
    public string ConnectionString => $"Data Source={DatabasePath}";
#endif

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
#if POSTGRES
        builder.UseSetting(DatabaseChoice.ProviderKey, "Postgres");
        // With no database file, uploads would default to one temp folder shared by every factory.
        builder.UseSetting("Flameup:Import:Folder", Path.Combine(Folder, "imports"));
#endif
        builder.UseSetting("ConnectionStrings:People", ConnectionString);
        builder.UseSetting("Flameup:CreateDemoWorkspace", "false");
        builder.UseSetting("Flameup:Api:RateLimitPerSecond", "100000");
        builder.UseSetting("Flameup:Api:RateLimitBurst", "100000");
        // The in-memory test server has no client address: every test of a class would share one failed-key allowance.
        builder.UseSetting("Flameup:Security:ApiFailedAuthLimit", "100000");
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Points a command-line run of the app at this factory's database.</summary>
    public void UseDatabaseOf(ProcessStartInfo start)
    {
#if POSTGRES
        start.Environment["Flameup__Database__Provider"] = "Postgres";
#endif
        start.Environment["ConnectionStrings__People"] = ConnectionString;
    }

    /// <summary>Runs SQL both providers understand and converts the one value (PostgreSQL's sum of bigints is numeric).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
#if POSTGRES
        await using var c = await Service<PgDatabase>().OpenAsync();
#else
        await using var c = await Service<Flameup.Admin.Storage.Sqlite.Database>().OpenAsync();
#endif
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var value = await cmd.ExecuteScalarAsync();
        return value is T t ? t : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>A new workspace with a key of the given scopes (all by default).</summary>
    public async Task<(string Workspace, string Key)> NewWorkspaceAsync(params string[] scopes)
    {
        StartServer(); // make sure the host (and its migrations) started
        var ws = "ws_" + Guid.NewGuid().ToString("N")[..12];
        await Service<WorkspaceService>().EnsureAsync(ws);
        var key = await Service<ApiKeyService>().CreateAsync(Actor.System, ws, "test", scopes.Length == 0 ? ApiKeyScopes.All : scopes);
        return (ws, key.Secret);
    }

    public HttpClient ClientFor(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client for a new workspace whose base address is the workspace's API root.</summary>
    public async Task<WorkspaceClient> NewClientAsync(params string[] scopes)
    {
        var (ws, key) = await NewWorkspaceAsync(scopes);
        return new WorkspaceClient(ClientFor(key), ws, key);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
#if POSTGRES
        if (_postgres.IsValueCreated) _postgres.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
#endif
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}

public sealed record WorkspaceClient(HttpClient Http, string Workspace, string Key)
{
    public string Base => $"/api/v1/workspaces/{Workspace}";
}
