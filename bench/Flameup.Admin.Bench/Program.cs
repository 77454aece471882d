using Flameup.Admin.Bench;

// all            generate (or reuse --db), start the real server and the floor server, run every scenario
// generate       --db PATH --people N: only fill a database
// floor-server   --db PATH --urls URL: the floor endpoints (started by `all`)
// import         --people N [--workdir DIR]: CSV import (empty workspace, half existing) and export, in-process, beside a raw floor
var verb = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
switch (verb)
{
    case "all":
        return await BenchRun.RunAsync(BenchOptions.Parse(rest));
    case "generate":
    {
        var o = BenchOptions.Parse(rest);
        if (o.Db is null) { Console.Error.WriteLine("generate needs --db PATH"); return 2; }
        await Generator.GenerateAsync(o.Db, o.Workspace, o.People, Console.Error);
        return 0;
    }
    case "import":
    {
        var o = BenchOptions.Parse(rest);
        return await ImportBench.RunAsync((int)o.People, o.WorkDir, Console.Error);
    }
    case "floor-server":
    {
        string? db = null, urls = null;
        for (var i = 0; i + 1 < rest.Length; i++)
        {
            if (rest[i] == "--db") db = rest[i + 1];
            if (rest[i] == "--urls") urls = rest[i + 1];
        }
        await FloorServer.RunAsync(db ?? throw new ArgumentException("--db"), urls ?? throw new ArgumentException("--urls"));
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: Flameup.Admin.Bench [all|generate|import|floor-server] [--people N] [--seconds S] [--db PATH] [--only a,b] [--keep-db]");
        return 2;
}
