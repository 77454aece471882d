namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>What the configured storage tells the rest of the product about itself.</summary>
/// <param name="Provider">"Sqlite" or "Postgres".</param>
/// <param name="LocalFolder">The folder of the database file (uploads default to a folder beside it), or null when there is none.</param>
public sealed record StorageInfo(string Provider, string? LocalFolder);
