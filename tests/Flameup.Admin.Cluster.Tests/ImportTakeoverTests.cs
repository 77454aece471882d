using System.Diagnostics;
using System.Text;

namespace Flameup.Admin.Cluster.Tests;

/// <summary>kill -9 of the host running an import: the other host takes it over once the lease lapses and finishes it.</summary>
[Collection("cluster")]
public sealed class ImportTakeoverTests
{
    const int Rows = 30_000;

    [ClusterFact]
    public async Task The_other_host_finishes_an_import_whose_host_was_killed_with_exactly_the_files_people()
    {
        // Small batches (many commits) so the import is mid-way when its host dies; a lease of 3 s, renewed every second.
        await using var cluster = await Cluster.StartAsync(importBatchSize: 250);
        const string ws = "ws_cl_import";
        await cluster.CliAsync("workspaces", "create", "--id", ws);
        var file = Path.Combine(Path.GetTempPath(), $"flameup-cluster-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("userId,email,first_name\n");
        for (var i = 0; i < Rows; i++) csv.Append($"imp_{i:00000},imp{i}@example.com,Name{i}\n");
        await File.WriteAllTextAsync(file, csv.ToString());

        string id;
        try
        {
            id = (await cluster.CliAsync("imports", "start", "--workspace", ws, "--file", file)).Trim().Split('\n')[^1].Trim();
        }
        finally
        {
            File.Delete(file); // the CLI copied it into the shared import folder
        }

        // Whichever host sweeps first takes the queued import; kill that one once it has written some batches.
        var owner = await WaitForAsync(cluster, async () =>
            await cluster.ScalarAsync<long>("SELECT rows_done FROM imports WHERE id = @id", ("id", id)) >= 2_000
                ? await cluster.ScalarAsync<string>("SELECT owner FROM imports WHERE id = @id", ("id", id)) : null);
        var running = cluster.Hosts.Single(h => owner.Split(':')[1] == h.Pid.ToString());
        var survivor = cluster.Hosts.Single(h => h != running);
        running.KillHard();
        var reached = await cluster.ScalarAsync<long>("SELECT rows_done FROM imports WHERE id = @id", ("id", id));
        Assert.True(reached < Rows, $"the import ended ({reached} rows) before its host was killed: make the file larger\n{cluster.Outputs}");

        await WaitForAsync(cluster, async () =>
            await cluster.ScalarAsync<string>("SELECT status FROM imports WHERE id = @id", ("id", id)) is "completed" ? "done" : null);

        Assert.Contains("taken over by this server", survivor.Output);
        Assert.Equal(Rows, await cluster.ScalarAsync<long>("SELECT rows_done FROM imports WHERE id = @id", ("id", id)));
        Assert.Equal(Rows, await cluster.ScalarAsync<long>("SELECT created_count FROM imports WHERE id = @id", ("id", id)));
        Assert.Equal(0L, await cluster.ScalarAsync<long>("SELECT updated_count + failed_count FROM imports WHERE id = @id", ("id", id)));
        Assert.Equal(Rows, await cluster.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = @ws", ("ws", ws)));
        Assert.Equal(Rows, await cluster.ScalarAsync<long>("SELECT count(DISTINCT user_id) FROM people WHERE workspace_id = @ws", ("ws", ws)));
        // One person.created each: no row was written twice, even the batch cut off by the kill.
        Assert.Equal(Rows, await cluster.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = @ws", ("ws", ws)));
    }

    static async Task<string> WaitForAsync(Cluster cluster, Func<Task<string?>> value)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await value() is { } found) return found;
            if (waited.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"waited 120 s\n{cluster.Outputs}");
            await Task.Delay(100);
        }
    }
}
