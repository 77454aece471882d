using Flameup.Admin.Core.Storage.Ports;
using Flameup.Admin.Storage.Postgres;
using Npgsql;

namespace Flameup.Admin.Bench;

/// <summary>
/// The PostgreSQL database of a run (--pg, its name starting with flameup_bench): created and migrated by the product's
/// migrations and seeded with its <see cref="IDemoSeeder"/> (binary COPY), or reused when it already holds the generated
/// people asked for. It is kept after the run for the next one.
/// </summary>
public sealed class PgBenchStore : BenchStore
{
    readonly string _cs;
    readonly bool _fresh;
    readonly string _name;

    public PgBenchStore(string connectionString, bool fresh)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        _name = b.Database ?? throw new ArgumentException("--pg needs Database=flameup_bench…");
        if (!_name.StartsWith("flameup_bench", StringComparison.Ordinal))
            throw new ArgumentException($"--pg database '{_name}': the benchmark drops and creates its database, so its name must start with flameup_bench.");
        _cs = connectionString;
        _fresh = fresh;
    }

    public string ConnectionString => _cs;
    public override string Raw => "Npgsql";
    public override string Describe
    {
        get { var b = new NpgsqlConnectionStringBuilder(_cs); return $"{b.Host}:{b.Port}/{b.Database}"; }
    }

    public override async Task<DemoSeedResult?> PrepareAsync(string ws, long people, TextWriter log)
    {
        var generated = await PgAdmin.GeneratedPeopleAsync(_cs, ws);
        if (!_fresh && generated == people)
        {
            log.WriteLine($"Reusing {Describe}: it holds the {people:N0} generated people (--fresh to generate again).");
            await RecountHoursAsync(ws, log);
            return null;
        }
        log.WriteLine(generated is null ? $"Creating {Describe} ..." : $"Dropping {Describe} ({generated:N0} generated people, {people:N0} asked) and creating it again ...");
        await PgAdmin.RecreateAsync(_cs);
        log.WriteLine($"Generating {people:N0} people into {Describe} (product migrations, IDemoSeeder = binary COPY) ...");
        // A 50,000-person chunk moves in one statement: give it longer than Npgsql's default 30 s on a loaded machine.
        var seeding = new NpgsqlConnectionStringBuilder(_cs) { CommandTimeout = 600 }.ConnectionString;
        var result = await Generator.GenerateAsync(o => o.UsePostgres(seeding), ws, people, log);
        // What autovacuum would reach a little later: the visibility map set, so index-only scans skip the heap.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var table in new[] { "people", "person_events" })
            await PgAdmin.ExecAsync(_cs, $"VACUUM (ANALYZE) {table}", TimeSpan.FromMinutes(20)); // one statement each: VACUUM refuses a batch
        log.WriteLine($"VACUUM (ANALYZE) after seeding: {clock.Elapsed.TotalSeconds:F0} s.");
        NpgsqlConnection.ClearAllPools();
        return result;
    }

    /// <summary>
    /// A reused database may have been written by a build that kept no hour counters (another branch's run on the same
    /// server): the deep page and "recent" read them, so they are recounted from the rows when they differ. The table's
    /// lock makes writers that keep them wait and add their change after the recount, which counts only committed rows.
    /// </summary>
    async Task RecountHoursAsync(string ws, TextWriter log)
    {
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_cs) { CommandTimeout = 600 }.ConnectionString);
        await c.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('people_created_hours') IS NOT NULL", c))
            if (!(bool)(await exists.ExecuteScalarAsync())!) return; // the server's migration creates and fills it
        await using var tx = await c.BeginTransactionAsync();
        await using (var recount = new NpgsqlCommand("""
            LOCK TABLE people_created_hours IN EXCLUSIVE MODE;
            CREATE TEMP TABLE actual ON COMMIT DROP AS
              SELECT created_at / 3600000 AS hour, count(*) AS n FROM people WHERE workspace_id = @ws GROUP BY 1;
            """, c, tx))
        {
            recount.Parameters.AddWithValue("ws", ws);
            await recount.ExecuteNonQueryAsync();
        }
        long off;
        await using (var compare = new NpgsqlCommand("""
            SELECT count(*) FROM (SELECT hour, sum(n) AS n FROM people_created_hours WHERE workspace_id = @ws GROUP BY hour HAVING sum(n) <> 0) counted
            FULL JOIN actual USING (hour) WHERE counted.n IS DISTINCT FROM actual.n
            """, c, tx))
        {
            compare.Parameters.AddWithValue("ws", ws);
            off = (long)(await compare.ExecuteScalarAsync())!;
        }
        if (off > 0)
        {
            await using var rewrite = new NpgsqlCommand("""
                DELETE FROM people_created_hours WHERE workspace_id = @ws;
                INSERT INTO people_created_hours (workspace_id, hour, slot, n) SELECT @ws, hour, 0, n FROM actual ORDER BY hour;
                """, c, tx);
            rewrite.Parameters.AddWithValue("ws", ws);
            await rewrite.ExecuteNonQueryAsync();
            log.WriteLine($"Hour counters of {ws} differed from the rows in {off:N0} hours (written by a build without them): recounted.");
        }
        await tx.CommitAsync();
        if (off == 0) return;
        // The rewrite left every old row dead: without this the deep page walks them too until autovacuum comes by.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) people_created_hours", c);
        await vacuum.ExecuteNonQueryAsync();
    }

    public override async Task<string> CreateKeyAsync(string ws)
    {
        var secret = await Generator.CreateKeyAsync(o => o.UsePostgres(_cs), ws);
        NpgsqlConnection.ClearAllPools();
        return secret;
    }

    public override async Task<Workload> LoadWorkloadAsync(string ws, int sampleSize, int seed)
    {
        await using var c = new NpgsqlConnection(_cs);
        await c.OpenAsync();
        long total, maxPk;
        await using (var count = new NpgsqlCommand("SELECT count(*), coalesce(max(pk), 0) FROM people WHERE workspace_id = @ws", c))
        {
            count.Parameters.AddWithValue("ws", ws);
            await using var r = await count.ExecuteReaderAsync();
            await r.ReadAsync();
            total = r.GetInt64(0);
            maxPk = r.GetInt64(1);
        }
        var random = new Random(seed);
        var pks = Workload.RandomPks(random, sampleSize, maxPk);
        var sample = new List<SamplePerson>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT pk, id::text, user_id, coalesce(email, '') FROM people WHERE workspace_id = @ws AND pk = ANY(@pks) ORDER BY pk", c))
        {
            cmd.Parameters.AddWithValue("ws", ws);
            cmd.Parameters.AddWithValue("pks", pks);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync() && sample.Count < sampleSize)
                sample.Add(new SamplePerson(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }
        if (sample.Count == 0) throw new InvalidOperationException($"No people in {ws} of {Describe}.");
        return Workload.From(sample, total, random);
    }

    public override IReadOnlyDictionary<string, string> ServerEnvironment => new Dictionary<string, string>
    {
        ["Flameup__Database__Provider"] = "Postgres",
        ["ConnectionStrings__People"] = _cs,
        // A host on PostgreSQL must be given the import folder its cluster shares (the benchmark's hosts share this one).
        ["Flameup__Import__Folder"] = Path.Combine(Path.GetTempPath(), "flameup-bench-imports"),
    };

    public override IReadOnlyList<string> FloorServerArgs => ["--pg", _cs];
    public override string FloorGetName => "floor: raw Npgsql GET by (workspace_id, id)";
    public override string FloorGetPath(SamplePerson p, string ws) => $"/raw/people/{p.Id}?ws={ws}";
    public override string FloorDeepPageName => "floor: raw Npgsql deep page";
    public override string FloorSearchName => "floor: raw Npgsql trigram LIKE count + first page (people_search)";

    /// <summary>PostgreSQL takes concurrent writers: its floor runs as many connections as the product scenario has workers.</summary>
    public override Task<LoadResult> RawUpsertAsync(string name, string ws, int rowsPerTransaction, int concurrency, TimeSpan duration,
        long maxTransactions, Func<long, IReadOnlyList<UpsertRow>> rows) =>
        RawNpgsqlFloors.UpsertAsync(name, _cs, ws, rowsPerTransaction, concurrency, duration, maxTransactions, rows);

    public override string FloorConcurrencyNote(int concurrency) => concurrency > 1 ? $", {concurrency} connections" : "";

    public override async Task<long> CountPeopleAsync(string ws)
    {
        await using var c = new NpgsqlConnection(_cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM people WHERE workspace_id = @ws", c);
        cmd.Parameters.AddWithValue("ws", ws);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public override ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
