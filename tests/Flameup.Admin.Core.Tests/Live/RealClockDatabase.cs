using Flameup.Admin.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Live;

/// <summary>The domain on a fresh SQLite file with the system clock, for timing behaviour that needs real timers.</summary>
public sealed class RealClockDatabase : IAsyncDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-live-").FullName;
    ServiceProvider? _services;

    public IServiceProvider Services => _services!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddFlameupCore(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "people.db")}"));
        _services = services.BuildServiceProvider();
        await _services.MigrateDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
