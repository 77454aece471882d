namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>The real app on a PostgreSQL database; two of them on one database are two hosts.</summary>
public sealed class PgApiFactory(string connectionString, IDictionary<string, string>? settings = null) : ApiFactory
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
    {
        ["Flameup:Database:Provider"] = "Postgres",
        ["ConnectionStrings:People"] = connectionString,
    };
}
