using Flameup.Admin.Bench;

// all            generate (or reuse --db / the --pg database), start the real server and the floor server, run every scenario
// generate       --db PATH --people N: only fill a database (--provider postgres [--pg CS]: the PostgreSQL one)
// floor-server   --db PATH | --pg CS, --urls URL: the floor endpoints (started by `all`)
// import         --people N [--workdir DIR] [--provider postgres [--pg CS]]: CSV import (empty workspace, half existing) and export, in-process, beside a raw floor
var verb = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
switch (verb)
{
    case "all":
        return await BenchRun.RunAsync(BenchOptions.Parse(rest));
    case "generate":
    {
        var o = BenchOptions.Parse(rest);
        if (o.IsPostgres)
        {
            await using var store = new PgBenchStore(o.Pg, o.Fresh);
            await store.PrepareAsync(o.Workspace, o.People, Console.Error);
            return 0;
        }
        if (o.Db is null) { Console.Error.WriteLine("generate needs --db PATH"); return 2; }
        await Generator.GenerateAsync(o.Db, o.Workspace, o.People, Console.Error);
        return 0;
    }
    case "import":
    {
        var o = BenchOptions.Parse(rest);
        return o.IsPostgres
            ? await PgImportBench.RunAsync((int)o.People, o.Pg, o.WorkDir, o.KeepDb, Console.Error)
            : await ImportBench.RunAsync((int)o.People, o.WorkDir, Console.Error);
    }
    case "floor-server":
    {
        string? db = null, pg = null, urls = null;
        for (var i = 0; i + 1 < rest.Length; i++)
        {
            if (rest[i] == "--db") db = rest[i + 1];
            if (rest[i] == "--pg") pg = rest[i + 1];
            if (rest[i] == "--urls") urls = rest[i + 1];
        }
        if (urls is null) throw new ArgumentException("--urls");
        if (pg is not null) await FloorServer.RunPostgresAsync(pg, urls);
        else await FloorServer.RunAsync(db ?? throw new ArgumentException("--db or --pg"), urls);
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: Flameup.Admin.Bench [all|generate|import|floor-server] [--people N] [--seconds S] [--db PATH] [--only a,b] [--keep-db] [--provider sqlite|postgres] [--pg CS] [--hosts 2] [--fresh]");
        return 2;
}
