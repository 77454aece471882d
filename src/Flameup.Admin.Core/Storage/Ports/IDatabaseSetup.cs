namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>Creates or migrates the configured database's schema (one implementation per database provider).</summary>
public interface IDatabaseSetup
{
    Task MigrateAsync(CancellationToken ct = default);
}
