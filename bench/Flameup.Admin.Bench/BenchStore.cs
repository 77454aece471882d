namespace Flameup.Admin.Bench;

/// <summary>
/// The database one run measures, and all that differs by provider: generating or reusing it, what the server and the
/// floor server are told, the floors' names, the raw write floor and the exact count the stats are checked against.
/// </summary>
public abstract class BenchStore : IAsyncDisposable
{
    /// <summary>"SQLite" or "Npgsql", in floor names ("floor: raw SQLite GET by pk").</summary>
    public abstract string Raw { get; }

    /// <summary>Where the data is, for the log (never a password).</summary>
    public abstract string Describe { get; }

    /// <summary>Generates <paramref name="people"/> into <paramref name="ws"/> unless a database generated before can be reused; null when reused.</summary>
    public abstract Task<Flameup.Admin.Core.Storage.Ports.DemoSeedResult?> PrepareAsync(string ws, long people, TextWriter log);

    public abstract Task<string> CreateKeyAsync(string ws);
    public abstract Task<Workload> LoadWorkloadAsync(string ws, int sampleSize, int seed);

    /// <summary>What the server process is told about its database.</summary>
    public abstract IReadOnlyDictionary<string, string> ServerEnvironment { get; }

    /// <summary>The floor server's arguments after the verb.</summary>
    public abstract IReadOnlyList<string> FloorServerArgs { get; }

    public abstract string FloorGetName { get; }
    public abstract string FloorGetPath(SamplePerson p, string ws);
    public abstract string FloorDeepPageName { get; }
    public abstract string FloorSearchName { get; }

    /// <summary>
    /// The raw write floor: per row an upsert and one event, <paramref name="rowsPerTransaction"/> rows per transaction;
    /// <paramref name="concurrency"/> is the product scenario's (a provider may run its floor one transaction at a time).
    /// </summary>
    public abstract Task<LoadResult> RawUpsertAsync(string name, string ws, int rowsPerTransaction, int concurrency, TimeSpan duration,
        long maxTransactions, Func<long, IReadOnlyList<UpsertRow>> rows);

    /// <summary>How the write floor runs, for its name: "" (one after another) or " ×4".</summary>
    public abstract string FloorConcurrencyNote(int concurrency);

    public abstract Task<long> CountPeopleAsync(string ws);

    public abstract ValueTask DisposeAsync();

    public static BenchStore For(BenchOptions o, string workDir) =>
        o.IsPostgres ? new PgBenchStore(o.Pg, o.Fresh) : new SqliteBenchStore(o.Db ?? Path.Combine(workDir, "bench.db"), o.Db, o.KeepDb, workDir);
}
