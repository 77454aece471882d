namespace Flameup.Admin.Cluster.Tests;

/// <summary>A deployment starts all its hosts at once on an empty database.</summary>
[Collection("cluster")]
public sealed class StartupTests
{
    [ClusterFact]
    public async Task Two_hosts_started_at_once_on_an_empty_database_both_become_ready_with_one_first_admin()
    {
        await using var cluster = await Cluster.StartAsync(atOnce: true);
        Assert.Equal(1L, await cluster.ScalarAsync<long>("SELECT count(*) FROM \"AspNetUsers\""));
    }
}
