namespace Flameup.Admin.Cluster.Tests;

/// <summary>How hosts of a cluster start.</summary>
[Collection("cluster")]
public sealed class StartupTests
{
    [ClusterFact]
    public async Task Two_hosts_started_at_once_on_an_empty_database_both_become_ready_with_one_first_admin()
    {
        await using var cluster = await Cluster.StartAsync(atOnce: true);
        Assert.Equal(1L, await cluster.ScalarAsync<long>("SELECT count(*) FROM \"AspNetUsers\""));
    }

    [ClusterFact]
    public async Task A_host_on_postgres_without_a_shared_import_folder_refuses_to_start_with_one_line()
    {
        var environment = new Dictionary<string, string>
        {
            ["Flameup__Database__Provider"] = "Postgres",
            ["ConnectionStrings__People"] = PostgresServer.ConnectionString,
        };
        var (exitCode, stdout, stderr) = await HostProcess.RunToEndAsync(environment, Path.GetTempPath(), "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: Flameup:Import:Folder must be set", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
