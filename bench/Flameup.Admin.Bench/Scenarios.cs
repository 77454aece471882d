using System.Text;
using System.Text.Json;

namespace Flameup.Admin.Bench;

/// <summary>One line of the results: a measurement, the floor it is compared with, and the target.</summary>
public sealed record Row(string Scenario, LoadResult? Result, string Target, bool? Met, string? Floor = null, double? Ratio = null, string? Note = null)
{
    public double? MemoryMiB { get; init; }

    public static Row Memory(double sampledPeak, double highWater) =>
        new("server peak RSS (whole run)", null, "≤ 400 MiB", Math.Max(sampledPeak, highWater) <= 400,
            Note: $"high-water {highWater:F0} MiB, sampled peak {sampledPeak:F0} MiB") { MemoryMiB = Math.Max(sampledPeak, highWater) };
}

/// <summary>The scenarios of the issue, in an order where reads see the generated data and writes come last.</summary>
public sealed class Scenarios(BenchOptions o, Workload workload, LoadDriver api, LoadDriver floor, BenchStore store, TextWriter log)
{
    const long MaxRequests = 2_000_000;
    readonly string _base = $"/api/v1/workspaces/{o.Workspace}";
    readonly List<Row> _rows = [];
    TimeSpan Duration => TimeSpan.FromSeconds(o.Seconds);
    TimeSpan Warmup => TimeSpan.FromSeconds(o.WarmupSeconds);

    /// <summary>Starts a second server on the same database (--hosts 2), for <see cref="TwoHosts"/>.</summary>
    public Func<Task<ServerProcess>>? SecondHost { get; init; }

    bool Want(string name) => o.Only.Length == 0 || o.Only.Any(x => name.Contains(x, StringComparison.OrdinalIgnoreCase));

    internal static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    internal static HttpRequestMessage Post(string path, string json) =>
        new(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    async Task<LoadResult> Http(LoadDriver driver, string name, int concurrency, Func<long, HttpRequestMessage> request, int items = 1, double share = 1)
    {
        log.WriteLine($"  {name} (concurrency {concurrency}) ...");
        var r = await driver.RunAsync(name, concurrency, Duration * share, MaxRequests, request, Warmup * share, itemsPerRequest: items);
        log.WriteLine($"    {r.RequestsPerSecond:F0} req/s, p50 {r.P50:F2} ms, p95 {r.P95:F2} ms, p99 {r.P99:F2} ms, errors {r.Errors}{(r.FirstError is null ? "" : " first: " + r.FirstError)}");
        return r;
    }

    /// <summary>Unmeasured requests at concurrency 32 to the server, then the same to the floor (4 × the warm-up each).</summary>
    async Task WarmUpAsync(string what, Func<long, string> apiPath, Func<long, string> floorPath)
    {
        log.WriteLine($"  warm-up of {what}, {o.WarmupSeconds * 4:F0} s each (unmeasured) ...");
        await api.RunAsync("warm-up", 32, Warmup * 4, MaxRequests, s => Get(apiPath(s)));
        await floor.RunAsync("warm-up", 32, Warmup * 4, MaxRequests, s => Get(floorPath(s)));
    }

    async Task<LoadResult> Raw(string name, int rowsPerTransaction, int concurrency, string tag, double share = 1)
    {
        log.WriteLine($"  {name} ...");
        await store.RawUpsertAsync(name, o.Workspace, rowsPerTransaction, concurrency, Warmup * share, MaxRequests, s => workload.Rows(tag + "w", s, rowsPerTransaction));
        var r = await store.RawUpsertAsync(name, o.Workspace, rowsPerTransaction, concurrency, Duration * share, MaxRequests, s => workload.Rows(tag, s, rowsPerTransaction));
        log.WriteLine($"    {r.ItemsPerSecond:F0} rows/s, {r.RequestsPerSecond:F0} tx/s, p99 {r.P99:F2} ms");
        return r;
    }

    /// <summary>One request outside the measurement, to say what the scenario returns (a total, a count).</summary>
    async Task<string> Probe(string path, string property)
    {
        using var response = await api.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) return $"probe: {(int)response.StatusCode}";
        using var doc = JsonDocument.Parse(body);
        var value = doc.RootElement.GetProperty(property);
        return property == "people" ? $"{value.GetArrayLength()} found" : $"{property} = {value}";
    }

    void Add(Row row) => _rows.Add(row);

    /// <summary>
    /// The floor and the product alternately, four rounds each (the scenario's time in all), so bursts of
    /// load from elsewhere on this shared machine weigh on both alike.
    /// </summary>
    internal static async Task<(LoadResult Floor, LoadResult Product)> Alternate(Func<double, int, Task<LoadResult>> floor, Func<double, int, Task<LoadResult>> product)
    {
        const int rounds = 4;
        LoadResult? f = null, p = null;
        for (var round = 1; round <= rounds; round++)
        {
            var fr = await floor(1.0 / rounds, round);
            var pr = await product(1.0 / rounds, round);
            f = f is null ? fr : f.Merge(fr);
            p = p is null ? pr : p.Merge(pr);
        }
        return (f!, p!);
    }

    static Row Latency(LoadResult r, double p95Max, string? note = null) =>
        new(r.Name, r, $"p95 ≤ {p95Max} ms", r.Errors == 0 && r.P95 <= p95Max, Note: note);

    public async Task<List<Row>> RunAsync()
    {
        log.WriteLine("Scenarios:");
        if (Want("GET person"))
        {
            if (o.IsPostgres)
            {
                // Unmeasured: on PostgreSQL the first requests open 32 connections (a backend process each, prepared
                // statements per connection) and JIT the server; a 0.25 s warm-up per round left GET's first round at
                // a fifth of the later ones. Both sides get the same.
                await WarmUpAsync("server and floor", s => $"{_base}/people/{workload.Pick(s).Id}", s => store.FloorGetPath(workload.Pick(s), o.Workspace));
            }
            var constant = await Http(floor, "floor: constant JSON endpoint", 32, _ => Get("/const"));
            Add(new Row(constant.Name, constant, "(HTTP ceiling)", null));
            var (rawGet, get) = await Alternate(
                (share, _) => Http(floor, store.FloorGetName, 32, s => Get(store.FloorGetPath(workload.Pick(s), o.Workspace)), share: share),
                (share, _) => Http(api, "GET person", 32, s => Get($"{_base}/people/{workload.Pick(s).Id}"), share: share));
            Add(new Row(rawGet.Name, rawGet, "(floor)", null));
            var ratio = get.RequestsPerSecond / rawGet.RequestsPerSecond;
            Add(new Row(get.Name, get, "≥ 60 % of raw GET req/s", get.Errors == 0 && ratio >= 0.6, rawGet.Name, ratio,
                $"{get.RequestsPerSecond / constant.RequestsPerSecond:P0} of constant JSON"));
        }

        var offset = Math.Min(500_000, Math.Max(0, workload.PeopleCount / 2));
        var latencyScenarios = new (string Name, Func<long, string> Path, double P95, string? ProbeProperty)[]
        {
            ("list first page (limit 50)", _ => $"{_base}/people?limit=50", 5, "total"),
            ($"list at offset {offset:N0}", _ => $"{_base}/people?limit=50&offset={offset}", 30, "total"),
            ($"list search=\"acme\" (~1 %) with total", _ => $"{_base}/people?limit=50&search=acme", 50, "total"),
            ($"list search=\"{workload.RareTerm}\" (rare) with total", _ => $"{_base}/people?limit=50&search={workload.RareTerm}", 50, "total"),
            ("search?email= (exact)", s => $"{_base}/people/search?email={Uri.EscapeDataString(workload.Pick(s).Email.ToUpperInvariant())}", 5, null),
            ("search?userId= (exact)", s => $"{_base}/people/search?userId={Uri.EscapeDataString(workload.Pick(s).UserId)}", 5, null),
            ("stats", _ => $"{_base}/people/stats", 5, "total"),
            ("events of a person", s => $"{_base}/people/{workload.Pick(s).Id}/events", 5, null),
        };
        var deepName = $"list at offset {offset:N0}";
        if (Want(deepName))
        {
            var note = await Probe($"{_base}/people?limit=50&offset={offset}", "total");
            var (rawDeep, deep) = await Alternate(
                (share, _) => Http(floor, store.FloorDeepPageName, 1, _ => Get($"/raw/page?ws={o.Workspace}&offset={offset}"), share: share),
                (share, _) => Http(api, deepName, 1, _ => Get($"{_base}/people?limit=50&offset={offset}"), share: share));
            Add(new Row(rawDeep.Name, rawDeep, "(floor)", null));
            Add(Latency(deep, 30, note) with { Floor = rawDeep.Name, Ratio = rawDeep.P95 / deep.P95 });
        }
        var acmeName = "list search=\"acme\" (~1 %) with total";
        if (Want(acmeName))
        {
            var note = await Probe($"{_base}/people?limit=50&search=acme", "total");
            if (o.IsPostgres)
            {
                // Unmeasured: a backend's first scan of the ~10,000 heap pages costs ~120 ms more than the next (measured in
                // psql: 157 ms, then 32), the process faulting in shared buffers it never touched; a long-running host's pooled
                // backends have. At concurrency 1 the pool hands each request another of its ~32 connections, so without
                // this the p95 measured that first touch. Both sides get the same.
                await WarmUpAsync("the search on every pooled connection, server and floor", _ => $"{_base}/people?limit=50&search=acme", _ => $"/raw/search?ws={o.Workspace}&q=acme");
            }
            var (rawSearch, search) = await Alternate(
                (share, _) => Http(floor, store.FloorSearchName, 1, _ => Get($"/raw/search?ws={o.Workspace}&q=acme"), share: share),
                (share, _) => Http(api, acmeName, 1, _ => Get($"{_base}/people?limit=50&search=acme"), share: share));
            Add(new Row(rawSearch.Name, rawSearch, "(floor)", null));
            Add(Latency(search, 50, note) with { Floor = rawSearch.Name, Ratio = rawSearch.P95 / search.P95 });
        }
        foreach (var (name, path, p95, probe) in latencyScenarios)
        {
            if (!Want(name) || name == deepName || name == acmeName) continue;
            var note = probe is null ? null : await Probe(path(0), probe);
            var r = await Http(api, name, 1, s => Get(path(s)));
            Add(name == "events of a person" ? new Row(name, r, "(no target)", null) : Latency(r, p95, note));
        }

        if (Want("batch upsert"))
        {
            var (raw, batch) = await Alternate(
                (share, round) => Raw($"floor: raw {store.Raw} 100-row upsert tx{store.FloorConcurrencyNote(4)}", 100, 4, $"floorbatch{round}", share),
                (share, round) => Http(api, "batch upsert 100/request", 4, s => Post($"{_base}/people/batch", Workload.BatchJson(workload.Rows($"apibatch{round}", s, 100))), 100, share));
            Add(new Row(raw.Name, raw, "(floor, rows/s)", null));
            var ratio = batch.ItemsPerSecond / raw.ItemsPerSecond;
            Add(new Row(batch.Name, batch, "≥ 70 % of raw rows/s", batch.Errors == 0 && ratio >= 0.7, raw.Name, ratio));
        }

        if (Want("single upsert"))
        {
            var (raw, single) = await Alternate(
                (share, round) => Raw($"floor: raw {store.Raw} 1-row upsert tx{store.FloorConcurrencyNote(32)}", 1, 32, $"floorsingle{round}", share),
                (share, round) => Http(api, "single upsert", 32, s => Post($"{_base}/people/upsert", Workload.PersonJson(workload.Rows($"apisingle{round}", s, 1)[0])), share: share));
            Add(new Row(raw.Name, raw, "(floor, tx/s)", null));
            var ratio = single.RequestsPerSecond / raw.RequestsPerSecond;
            Add(new Row(single.Name, single, "≥ 50 % of raw tx/s, p99 ≤ 100 ms", single.Errors == 0 && ratio >= 0.5 && single.P99 <= 100, raw.Name, ratio));
        }

        if (SecondHost is not null && Want("two hosts"))
            _rows.AddRange(await new TwoHosts(o, workload, api, SecondHost, (name, concurrency, request, items, share) => Http(api, name, concurrency, request, items, share)).RunAsync());

        if (Want("stats"))
        {
            var exact = await ExactStatsAsync();
            log.WriteLine($"  stats after the writes: {exact}");
            _rows.Add(new Row("stats exact after the writes", null, "stats total = count(*)", exact.StartsWith("exact"), Note: exact));
        }
        return _rows;
    }

    async Task<string> ExactStatsAsync()
    {
        using var response = await api.Http.GetAsync($"{_base}/people/stats");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var total = doc.RootElement.GetProperty("total").GetInt64();
        var counted = await store.CountPeopleAsync(o.Workspace);
        return total == counted ? $"exact: {total:N0}" : $"stats say {total:N0}, count(*) says {counted:N0}";
    }
}
