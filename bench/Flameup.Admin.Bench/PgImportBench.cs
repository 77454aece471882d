using System.Diagnostics;
using Flameup.Admin.Core;
using Flameup.Admin.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Bench;

/// <summary>
/// CSV import and export on PostgreSQL: the same files and the same in-process ImportService / PeopleExporter as
/// <see cref="ImportBench"/>, each on a fresh database migrated by the product (named after --pg's:
/// <c>&lt;name&gt;_import_floor|empty|half</c>), beside a binary COPY floor in the same run: the same rows and one event
/// each, COPY into people and person_events in transactions of the import's batch size (with the status counter added
/// per batch, as the product keeps it), on the product's schema and indexes.
/// </summary>
public static class PgImportBench
{
    const string Ws = ImportBench.Ws;
    const int BatchSize = ImportBench.BatchSize;

    public static async Task<int> RunAsync(int rows, string baseConnectionString, string? workdir, bool keepDbs, TextWriter log)
    {
        var dir = workdir ?? Directory.CreateTempSubdirectory("flameup-import-bench-").FullName;
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "people.csv");
        var half = Path.Combine(dir, "half.csv");
        ImportBench.WriteCsv(csv, rows, step: 1, variant: 0);
        ImportBench.WriteCsv(half, rows, step: 2, variant: 1);
        log.WriteLine($"wrote {rows:N0} rows to {csv} ({new FileInfo(csv).Length / 1024 / 1024} MiB)");

        var name = new NpgsqlConnectionStringBuilder(baseConnectionString).Database ?? "flameup_bench";
        string Db(string suffix) => PgAdmin.WithDatabase(baseConnectionString, $"{name}_import_{suffix}");
        var floorDb = Db("floor");
        var emptyDb = Db("empty");
        var halfDb = Db("half");
        Action<FlameupCoreBuilder> Pg(string cs) => o => o.UsePostgres(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 600 }.ConnectionString);
        try
        {
            foreach (var cs in new[] { floorDb, emptyDb, halfDb }) await PgAdmin.RecreateAsync(cs);

            var floor = await CopyFloorAsync(floorDb, Pg(floorDb), csv, rows);
            log.WriteLine($"floor: raw Npgsql binary COPY, {BatchSize:N0}-row transactions: {floor:N0} rows/s");

            var (empty, emptyPeak) = await ImportBench.ProductImportAsync(Pg(emptyDb), csv, null);
            log.WriteLine($"import into an empty workspace: {empty:N0} rows/s, peak working set {emptyPeak} MiB");

            var (halfRate, halfPeak) = await ImportBench.ProductImportAsync(Pg(halfDb), csv, half);
            log.WriteLine($"import where half exist: {halfRate:N0} rows/s, peak working set {halfPeak} MiB");

            var (csvRate, ndjsonRate) = await ImportBench.ExportAsync(Pg(emptyDb));
            log.WriteLine($"export CSV: {csvRate:N0} rows/s, NDJSON: {ndjsonRate:N0} rows/s");

            Console.WriteLine();
            Console.WriteLine($"| scenario (PostgreSQL, {rows:N0} rows, 10 traits) | rows/s | ratio to floor | target | met |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| floor: raw Npgsql binary COPY person + event, {BatchSize:N0}-row tx | {floor:N0} | | (floor) | |");
            Console.WriteLine($"| CSV import, empty workspace (peak {emptyPeak} MiB) | {empty:N0} | {empty / floor:P0} | ≥ 20,000 rows/s, ≤ 400 MiB | {(empty >= 20_000 && emptyPeak <= 400 ? "yes" : "**no**")} |");
            Console.WriteLine($"| CSV import, half exist (peak {halfPeak} MiB) | {halfRate:N0} | {halfRate / floor:P0} | (≤ 400 MiB) | {(halfPeak <= 400 ? "yes" : "**no**")} |");
            Console.WriteLine($"| export CSV | {csvRate:N0} | | ≥ 100,000 rows/s | {(csvRate >= 100_000 ? "yes" : "**no**")} |");
            Console.WriteLine($"| export NDJSON | {ndjsonRate:N0} | | ≥ 100,000 rows/s | {(ndjsonRate >= 100_000 ? "yes" : "**no**")} |");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (!keepDbs)
                foreach (var cs in new[] { floorDb, emptyDb, halfDb }) await PgAdmin.DropAsync(cs);
            if (workdir is null) Directory.Delete(dir, true);
        }
    }

    /// <summary>The rows of the CSV file and one event each by binary COPY, <see cref="BatchSize"/> rows per transaction.</summary>
    static async Task<double> CopyFloorAsync(string cs, Action<FlameupCoreBuilder> storage, string file, int rows)
    {
        await using (var sp = await ImportBench.ProductAsync(storage)) { } // the product's schema and workspace
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        using var reader = new StreamReader(file);
        await reader.ReadLineAsync(); // header
        var watch = Stopwatch.StartNew();
        var done = 0;
        var batch = new List<(Guid Id, string[] Cells, string Traits, long Now)>(BatchSize);
        while (done < rows)
        {
            batch.Clear();
            for (var i = 0; i < BatchSize && done < rows; i++, done++)
            {
                var cells = (await reader.ReadLineAsync())!.Split(',');
                var traits = $"{{\"first_name\":\"{cells[3]}\",\"last_name\":\"{cells[4]}\",\"plan\":\"{cells[5]}\",\"company\":{cells[6]},{cells[7]},\"age\":{cells[8]},\"score\":{cells[9]},\"vip\":{cells[10]},\"city\":\"{cells[11]}\",\"signup_source\":\"{cells[12]}\",\"newsletter\":{cells[13]}}}";
                batch.Add((Guid.CreateVersion7(), cells, traits, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            }
            await using var tx = await c.BeginTransactionAsync();
            await using (var copy = await c.BeginBinaryImportAsync(
                "COPY people (workspace_id, id, user_id, email, status, traits, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, cells, traits, now) in batch)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(Ws, NpgsqlDbType.Text);
                    await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(cells[0], NpgsqlDbType.Text);
                    await copy.WriteAsync(cells[1], NpgsqlDbType.Text);
                    await copy.WriteAsync(cells[2], NpgsqlDbType.Text);
                    await copy.WriteAsync(traits, NpgsqlDbType.Jsonb);
                    await copy.WriteAsync(now, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(now, NpgsqlDbType.Bigint);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await c.BeginBinaryImportAsync(
                "COPY person_events (workspace_id, id, person_id, name, properties, timestamp) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (id, _, traits, now) in batch)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(Ws, NpgsqlDbType.Text);
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync("person.created", NpgsqlDbType.Text);
                    await copy.WriteAsync(traits, NpgsqlDbType.Text);
                    await copy.WriteAsync(now, NpgsqlDbType.Bigint);
                }
                await copy.CompleteAsync();
            }
            await using (var counts = new NpgsqlCommand("""
                INSERT INTO people_counts (workspace_id, status, slot, n)
                SELECT @ws, s, 0, count(*) FROM unnest(@statuses) s GROUP BY s ORDER BY s
                ON CONFLICT (workspace_id, status, slot) DO UPDATE SET n = people_counts.n + excluded.n
                """, c, tx))
            {
                counts.Parameters.AddWithValue("ws", Ws);
                counts.Parameters.AddWithValue("statuses", batch.Select(b => b.Cells[2]).ToArray());
                await counts.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        return rows / watch.Elapsed.TotalSeconds;
    }
}
