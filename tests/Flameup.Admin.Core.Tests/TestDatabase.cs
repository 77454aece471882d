using Flameup.Admin.Storage.Sqlite;
#if POSTGRES
using Flameup.Admin.Storage.Postgres;
using Flameup.Admin.Tests;
#endif
using Flameup.Admin.Core;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flameup.Admin.Core.Tests;

/// <summary>
/// The one database fixture of the Core tests: the domain services on a fresh, migrated SQLite file in a temp folder,
/// or, compiled with POSTGRES (tests/Flameup.Admin.Core.Tests.Postgres), on a fresh PostgreSQL database of its own.
/// By default with a controllable clock; <paramref name="realClock"/> for behaviour that needs real timers;
/// <paramref name="configure"/> adds services (imports, Identity) on top of the Core's. The other fixtures
/// (<c>ImportFixture</c>, <c>AdminTestHost</c>, and the bUnit tests' <c>ComponentTest</c>, which links this file) are thin
/// helpers over this one.
/// </summary>
public sealed class TestDatabase(bool realClock = false, Action<IServiceCollection>? configure = null, DateTimeOffset? clockStart = null)
    : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-core-").FullName;
    ServiceProvider? _services;

    public FakeTimeProvider Clock { get; } = new(clockStart ?? new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public string Path => System.IO.Path.Combine(_folder, "people.db");
    public IServiceProvider Services => _services!;
    public PeopleService People => Services.GetRequiredService<PeopleService>();
    public EventsService Events => Services.GetRequiredService<EventsService>();
    public StatsService Stats => Services.GetRequiredService<StatsService>();
#if POSTGRES
    PostgresTestDatabase? _postgres;
    public string ConnectionString => _postgres?.ConnectionString ?? throw new InvalidOperationException("InitializeAsync creates the database.");
#else
    public Database Database => Services.GetRequiredService<Database>();
#endif

    public async Task InitializeAsync()
    {
#if POSTGRES
        _postgres = await PostgresServer.CreateDatabaseAsync();
#endif
        try
        {
            _services = Build();
            await _services.MigrateDatabaseAsync();
        }
        catch
        {
            await DisposeAsync(); // xunit does not dispose what failed to initialize: the database would stay behind
            throw;
        }
    }

    /// <summary>A further set of services on the same file, as a restarted server or a second host would have.</summary>
    public ServiceProvider Build()
    {
        var services = new ServiceCollection();
        AddServices(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Registers the clock, the Core on this file and the extra services into a collection built elsewhere (bUnit's).</summary>
    public void AddServices(IServiceCollection services)
    {
        services.AddLogging();
        if (!realClock) services.AddSingleton<TimeProvider>(Clock);
#if POSTGRES
        services.AddFlameupCore(o => o.UsePostgres(_ => ConnectionString));
        // With no database file, uploads would default to one temp folder shared by every fixture.
        services.Configure<Flameup.Admin.Core.Import.ImportOptions>(o => o.Folder = System.IO.Path.Combine(_folder, "imports"));
#else
        services.AddFlameupCore(o => o.UseSqlite($"Data Source={Path}"));
#endif
        configure?.Invoke(services);
    }

    /// <summary>Runs SQL both providers understand and converts the one value (PostgreSQL's sum of bigints is numeric).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
#if POSTGRES
        await using var c = await Services.GetRequiredService<PgDatabase>().OpenAsync();
#else
        await using var c = await Database.OpenAsync();
#endif
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var value = await cmd.ExecuteScalarAsync();
        return value is T t ? t : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
#if POSTGRES
        if (_postgres is not null) await _postgres.DisposeAsync();
        _postgres = null;
#endif
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
