namespace Flameup.Admin.Bench;

/// <summary>
/// Two server processes on the one PostgreSQL database: GET person and batch upsert with every request sent to the
/// first host, then with requests spread over both (even sequence numbers to the first, odd to the second), the same
/// total concurrency, alternately in rounds like the floors. The figure is the aggregate req/s (rows/s for batches).
/// </summary>
public sealed class TwoHosts(BenchOptions o, Workload workload, LoadDriver api, Func<Task<ServerProcess>> startSecond,
    Func<string, int, Func<long, HttpRequestMessage>, int, double, Task<LoadResult>> http)
{
    readonly string _base = $"/api/v1/workspaces/{o.Workspace}";

    public async Task<List<Row>> RunAsync()
    {
        var rows = new List<Row>();
        var first = api.Http.BaseAddress!;
        await using var second = await startSecond();
        Uri Host(long s, int hosts) => hosts == 1 || s % 2 == 0 ? first : second.BaseAddress;
        // Unmeasured: each host opens its PostgreSQL connections and JITs before they are compared (the first one may
        // be warm already from the GET scenario, or cold under --only).
        foreach (var host in new[] { first, second.BaseAddress })
            await api.RunAsync("warm-up", 32, TimeSpan.FromSeconds(o.WarmupSeconds * 4), long.MaxValue,
                s => Scenarios.Get(new Uri(host, $"{_base}/people/{workload.Pick(s).Id}").ToString()));

        var (getOne, getTwo) = await Scenarios.Alternate(
            (share, _) => http("two hosts: GET person, 1 host", 32, s => Scenarios.Get(new Uri(Host(s, 1), $"{_base}/people/{workload.Pick(s).Id}").ToString()), 1, share),
            (share, _) => http("two hosts: GET person, 2 hosts", 32, s => Scenarios.Get(new Uri(Host(s, 2), $"{_base}/people/{workload.Pick(s).Id}").ToString()), 1, share));
        rows.Add(new Row(getOne.Name, getOne, "(aggregate req/s, 1 host)", null));
        rows.Add(new Row(getTwo.Name, getTwo, "(aggregate req/s, 2 hosts)", getTwo.Errors == 0 ? null : false, getOne.Name, getTwo.RequestsPerSecond / getOne.RequestsPerSecond));

        var (batchOne, batchTwo) = await Scenarios.Alternate(
            (share, round) => http("two hosts: batch upsert 100/request, 1 host", 4,
                s => Scenarios.Post(new Uri(Host(s, 1), $"{_base}/people/batch").ToString(), Workload.BatchJson(workload.Rows($"h1batch{round}", s, 100))), 100, share),
            (share, round) => http("two hosts: batch upsert 100/request, 2 hosts", 4,
                s => Scenarios.Post(new Uri(Host(s, 2), $"{_base}/people/batch").ToString(), Workload.BatchJson(workload.Rows($"h2batch{round}", s, 100))), 100, share));
        rows.Add(new Row(batchOne.Name, batchOne, "(aggregate rows/s, 1 host)", null));
        rows.Add(new Row(batchTwo.Name, batchTwo, "(aggregate rows/s, 2 hosts)", batchTwo.Errors == 0 ? null : false, batchOne.Name, batchTwo.ItemsPerSecond / batchOne.ItemsPerSecond));

        rows.Add(new Row("second host peak RSS", null, "≤ 400 MiB", Math.Max(second.PeakRssMiB, second.HighWaterMiB) <= 400,
            Note: $"high-water {second.HighWaterMiB:F0} MiB, sampled peak {second.PeakRssMiB:F0} MiB"));
        return rows;
    }
}
