using Flameup.Admin.Core.Common;
using Flameup.Admin.Storage.Sqlite;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Export;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Bench;

/// <summary>
/// CSV import and export at scale, in-process through the product's own ImportService and PeopleExporter
/// (imports run in the server's background the same way; there is no REST endpoint to drive them),
/// beside a raw SQLite floor doing the same writes in the same run: the same rows and one event each,
/// prepared INSERTs in transactions of the import's batch size, on the product's schema (indexes,
/// search index and counter triggers).
/// </summary>
public static class ImportBench
{
    internal const string Ws = "ws_import";
    internal const int BatchSize = 5000;

    public static async Task<int> RunAsync(int rows, string? workdir, TextWriter log)
    {
        var dir = workdir ?? Directory.CreateTempSubdirectory("flameup-import-bench-").FullName;
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "people.csv");
        var half = Path.Combine(dir, "half.csv");
        WriteCsv(csv, rows, step: 1, variant: 0);
        WriteCsv(half, rows, step: 2, variant: 1); // the existing half differs (plan, score), so the import really updates it
        log.WriteLine($"wrote {rows:N0} rows to {csv} ({new FileInfo(csv).Length / 1024 / 1024} MiB)");

        var floor = await RawFloorAsync(Path.Combine(dir, "floor.db"), csv, rows);
        log.WriteLine($"floor: raw SQLite, {BatchSize:N0}-row transactions: {floor:N0} rows/s");

        var (empty, emptyPeak) = await ProductImportAsync(Sqlite(Path.Combine(dir, "empty.db")), csv, null);
        log.WriteLine($"import into an empty workspace: {empty:N0} rows/s, peak working set {emptyPeak} MiB");

        var (halfRate, halfPeak) = await ProductImportAsync(Sqlite(Path.Combine(dir, "half.db")), csv, half);
        log.WriteLine($"import where half exist: {halfRate:N0} rows/s, peak working set {halfPeak} MiB");

        var (csvRate, ndjsonRate) = await ExportAsync(Sqlite(Path.Combine(dir, "empty.db")));
        log.WriteLine($"export CSV: {csvRate:N0} rows/s, NDJSON: {ndjsonRate:N0} rows/s");

        Console.WriteLine();
        Console.WriteLine($"| scenario ({rows:N0} rows, 10 traits) | rows/s | ratio to floor | target | met |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| floor: raw SQLite INSERT person + event, {BatchSize:N0}-row tx | {floor:N0} | | (floor) | |");
        Console.WriteLine($"| CSV import, empty workspace (peak {emptyPeak} MiB) | {empty:N0} | {empty / floor:P0} | ≥ 11,000 rows/s, < 400 MB | {(empty >= 11_000 && emptyPeak < 400 ? "yes" : "**no**")} |");
        Console.WriteLine($"| CSV import, half exist (peak {halfPeak} MiB) | {halfRate:N0} | {halfRate / floor:P0} | ≥ 8,000 rows/s, < 400 MB | {(halfRate >= 8_000 && halfPeak < 400 ? "yes" : "**no**")} |");
        Console.WriteLine($"| export CSV | {csvRate:N0} | | ≥ 100,000 rows/s | {(csvRate >= 100_000 ? "yes" : "**no**")} |");
        Console.WriteLine($"| export NDJSON | {ndjsonRate:N0} | | ≥ 100,000 rows/s | {(ndjsonRate >= 100_000 ? "yes" : "**no**")} |");
        if (workdir is null) { SqliteConnection.ClearAllPools(); Directory.Delete(dir, true); }
        return 0;
    }

    static readonly string[] Plans = ["free", "basic", "pro", "enterprise"];
    static readonly string[] Cities = ["Oslo", "Lagos", "Lima", "Osaka", "Lyon", "Pune", "Porto", "Cork"];

    internal static void WriteCsv(string path, int rows, int step, int variant)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.WriteLine("user_id,email,status,first_name,last_name,plan,company,age,score,vip,city,signup_source,newsletter");
        for (var i = 0; i < rows; i += step)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"u{i:D8},person{i}@example.com,{(i % 25 == 0 ? "unsubscribed" : "active")},First{i % 997},Last{i % 991},{Plans[(i + variant) % 4]},\"Company {i % 5000}, Inc\",{18 + i % 60},{(i + variant) % 1000 / 10.0},{(i % 7 == 0 ? "true" : "false")},{Cities[i % 8]},ads,{(i % 3 == 0 ? "true" : "false")}"));
    }

    static Action<FlameupCoreBuilder> Sqlite(string db) => o => o.UseSqlite($"Data Source={db}");

    internal static async Task<ServiceProvider> ProductAsync(Action<FlameupCoreBuilder> storage)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlameupCore(storage);
        services.AddFlameupImports();
        // Uploads beside the benchmark's files (a PostgreSQL database has no folder of its own to keep them in).
        services.Configure<ImportOptions>(o => o.Folder ??= Path.Combine(Path.GetTempPath(), "flameup-bench-imports"));
        var sp = services.BuildServiceProvider();
        await sp.MigrateDatabaseAsync();
        await sp.GetRequiredService<Core.Workspaces.WorkspaceService>().EnsureAsync(Ws);
        return sp;
    }

    /// <summary>Imports <paramref name="file"/> (after <paramref name="preload"/>, unmeasured); the rate and the process's peak working set meanwhile.</summary>
    internal static async Task<(double RowsPerSecond, long PeakMiB)> ProductImportAsync(Action<FlameupCoreBuilder> storage, string file, string? preload)
    {
        await using var sp = await ProductAsync(storage);
        var imports = sp.GetRequiredService<ImportService>();
        if (preload is not null) await ImportFileAsync(imports, preload);
        GC.Collect();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var (rows, elapsed) = await ImportFileAsync(imports, file);
        sampling.Cancel();
        await sampler;
        return (rows / elapsed.TotalSeconds, peak / 1024 / 1024);
    }

    static async Task<(long Rows, TimeSpan Elapsed)> ImportFileAsync(ImportService imports, string file)
    {
        await using var stream = File.OpenRead(file);
        var upload = await imports.SaveUploadAsync(Actor.System, Ws, Path.GetFileName(file), stream);
        var watch = Stopwatch.StartNew();
        var started = await imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);
        await imports.WaitAsync(started.Id);
        watch.Stop();
        var done = await imports.GetAsync(Ws, started.Id) ?? throw new InvalidOperationException("import vanished");
        if (done.Failed > 0 || done.Status != ImportStatus.Completed)
            throw new InvalidOperationException($"import ended {done.Status} with {done.Failed} failed: {done.Error}");
        return (done.RowsDone, watch.Elapsed);
    }

    static async Task<double> RawFloorAsync(string db, string file, int rows)
    {
        await using (var sp = await ProductAsync(Sqlite(db))) { } // the product's schema, triggers included
        SqliteConnection.ClearAllPools();
        await using var c = new SqliteConnection($"Data Source={db}");
        await c.OpenAsync();
        await using var person = c.CreateCommand();
        person.CommandText = "INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at) VALUES ($id, $ws, $u, $e, $s, $t, $now, $now)";
        await using var evt = c.CreateCommand();
        evt.CommandText = "INSERT INTO person_events (id, workspace_id, person_id, name, properties, timestamp) VALUES ($eid, $ws, $id, 'person.created', $p, $now)";
        foreach (var n in new[] { "$id", "$ws", "$u", "$e", "$s", "$t", "$now" }) person.Parameters.Add(new SqliteParameter(n, null));
        foreach (var n in new[] { "$eid", "$ws", "$id", "$p", "$now" }) evt.Parameters.Add(new SqliteParameter(n, null));
        using var reader = new StreamReader(file);
        await reader.ReadLineAsync(); // header
        var watch = Stopwatch.StartNew();
        var done = 0;
        while (done < rows)
        {
            await using var tx = c.BeginTransaction();
            person.Transaction = tx;
            evt.Transaction = tx;
            for (var i = 0; i < BatchSize && done < rows; i++, done++)
            {
                var cells = (await reader.ReadLineAsync())!.Split(',');
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var id = Guid.CreateVersion7().ToString("D");
                var traits = $"{{\"first_name\":\"{cells[3]}\",\"last_name\":\"{cells[4]}\",\"plan\":\"{cells[5]}\",\"company\":{cells[6]},{cells[7]},\"age\":{cells[8]},\"score\":{cells[9]},\"vip\":{cells[10]},\"city\":\"{cells[11]}\",\"signup_source\":\"{cells[12]}\",\"newsletter\":{cells[13]}}}";
                person.Parameters["$id"].Value = id;
                person.Parameters["$ws"].Value = Ws;
                person.Parameters["$u"].Value = cells[0];
                person.Parameters["$e"].Value = cells[1];
                person.Parameters["$s"].Value = cells[2];
                person.Parameters["$t"].Value = traits;
                person.Parameters["$now"].Value = now;
                await person.ExecuteNonQueryAsync();
                evt.Parameters["$eid"].Value = Guid.CreateVersion7().ToString("D");
                evt.Parameters["$ws"].Value = Ws;
                evt.Parameters["$id"].Value = id;
                evt.Parameters["$p"].Value = traits;
                evt.Parameters["$now"].Value = now;
                await evt.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        return rows / watch.Elapsed.TotalSeconds;
    }

    internal static async Task<(double Csv, double Ndjson)> ExportAsync(Action<FlameupCoreBuilder> storage)
    {
        await using var sp = await ProductAsync(storage);
        var exporter = sp.GetRequiredService<PeopleExporter>();
        var query = new PeopleQuery();
        var watch = Stopwatch.StartNew();
        var n = await exporter.WriteCsvAsync(Ws, query, Stream.Null);
        var csv = n / watch.Elapsed.TotalSeconds;
        watch.Restart();
        n = await exporter.WriteNdjsonAsync(Ws, query, Stream.Null);
        return (csv, n / watch.Elapsed.TotalSeconds);
    }
}
