using Flameup.Admin.Core.Storage.Ports;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Bench;

/// <summary>The SQLite database file of a run: generated into the work dir (deleted after, unless --keep-db) or --db reused.</summary>
public sealed class SqliteBenchStore(string dbPath, string? givenDb, bool keepDb, string workDir) : BenchStore
{
    public string DbPath => dbPath;
    public override string Raw => "SQLite";
    public override string Describe => dbPath;

    public override async Task<DemoSeedResult?> PrepareAsync(string ws, long people, TextWriter log)
    {
        if (givenDb is not null && File.Exists(dbPath)) return null;
        log.WriteLine($"Generating {people:N0} people into {dbPath} ...");
        return await Generator.GenerateAsync(dbPath, ws, people, log);
    }

    public override Task<string> CreateKeyAsync(string ws) => Generator.CreateKeyAsync(dbPath, ws);
    public override Task<Workload> LoadWorkloadAsync(string ws, int sampleSize, int seed) => Workload.LoadAsync(dbPath, ws, sampleSize, seed);

    public override IReadOnlyDictionary<string, string> ServerEnvironment => new Dictionary<string, string>
    {
        ["ConnectionStrings__People"] = $"Data Source={dbPath}",
    };

    public override IReadOnlyList<string> FloorServerArgs => ["--db", dbPath];
    public override string FloorGetName => "floor: raw SQLite GET by pk";
    public override string FloorGetPath(SamplePerson p, string ws) => $"/raw/people/{p.Pk}";
    public override string FloorDeepPageName => "floor: raw SQLite deep page";
    public override string FloorSearchName => "floor: raw SQLite trigram count + first page";

    /// <summary>SQLite has one writer: its floor runs one transaction after another whatever the product's concurrency.</summary>
    public override Task<LoadResult> RawUpsertAsync(string name, string ws, int rowsPerTransaction, int concurrency, TimeSpan duration,
        long maxTransactions, Func<long, IReadOnlyList<UpsertRow>> rows) =>
        RawSqliteFloors.UpsertAsync(name, dbPath, ws, rowsPerTransaction, duration, maxTransactions, rows);

    public override string FloorConcurrencyNote(int concurrency) => "";

    public override async Task<long> CountPeopleAsync(string ws)
    {
        await using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM people WHERE workspace_id = @ws";
        cmd.Parameters.AddWithValue("@ws", ws);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (!keepDb && givenDb is null)
            foreach (var f in Directory.GetFiles(workDir, "bench.db*")) File.Delete(f);
        return ValueTask.CompletedTask;
    }
}
