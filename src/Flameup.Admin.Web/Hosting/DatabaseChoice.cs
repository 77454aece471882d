using Flameup.Admin.Core;
using Flameup.Admin.Storage.Postgres;
using Flameup.Admin.Storage.Sqlite;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// The one place the database provider is chosen: <c>Flameup:Database:Provider</c> is <c>Sqlite</c> (the default, an
/// embedded file) or <c>Postgres</c>; <c>ConnectionStrings:People</c> is the SQLite file or the Npgsql connection string.
/// </summary>
public static class DatabaseChoice
{
    public const string ProviderKey = "Flameup:Database:Provider";

    public static bool IsPostgres(IConfiguration configuration) =>
        (configuration[ProviderKey] ?? "Sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" or "" => false,
            "postgres" or "postgresql" => true,
            var other => throw new InvalidOperationException($"{ProviderKey} is '{other}': use Sqlite or Postgres."),
        };

    public static void Use(FlameupCoreBuilder o, IConfiguration configuration)
    {
        if (IsPostgres(configuration))
        {
            o.UsePostgres(sp => sp.GetRequiredService<IConfiguration>().GetConnectionString("People") is { Length: > 0 } cs ? cs
                : throw new InvalidOperationException($"ConnectionStrings:People must be an Npgsql connection string when {ProviderKey} is Postgres."));
            return;
        }
        o.UseSqlite(sp => Database.Resolve(
            sp.GetRequiredService<IConfiguration>().GetConnectionString("People"),
            sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
    }
}
