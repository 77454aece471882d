using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flameup.Admin.Core.Tests;

/// <summary>The domain services on a fresh, migrated SQLite file in a temp folder, with a controllable clock.</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-core-").FullName;
    ServiceProvider? _services;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public string Path => System.IO.Path.Combine(_folder, "people.db");
    public IServiceProvider Services => _services!;
    public PeopleService People => Services.GetRequiredService<PeopleService>();
    public EventsService Events => Services.GetRequiredService<EventsService>();
    public StatsService Stats => Services.GetRequiredService<StatsService>();
    public Database Database => Services.GetRequiredService<Database>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddFlameupCore(o => o.UseSqlite($"Data Source={Path}"));
        _services = services.BuildServiceProvider();
        await _services.MigrateDatabaseAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var c = await Database.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
