namespace Flameup.Admin.Bench;

/// <summary>Command-line options: <c>--name value</c> or <c>--name=value</c>.</summary>
public sealed class BenchOptions
{
    public long People { get; set; } = 1_000_000;
    /// <summary>Measured seconds per scenario (after the warm-up).</summary>
    public double Seconds { get; set; } = 8;
    public double WarmupSeconds { get; set; } = 2;
    /// <summary>An existing generated database to reuse (skips generation).</summary>
    public string? Db { get; set; }
    public string? WorkDir { get; set; }
    public bool KeepDb { get; set; }
    public string? ServerDll { get; set; }
    /// <summary>Only scenarios whose name contains one of these (comma-separated).</summary>
    public string[] Only { get; set; } = [];
    public int BasePort { get; set; } = 5230;
    public string? Out { get; set; }
    public string Workspace { get; set; } = "ws_bench";
    /// <summary><c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";
    /// <summary>The Npgsql connection string of the PostgreSQL database to generate or reuse (its name starts with flameup_bench).</summary>
    public string Pg { get; set; } = DefaultPg;
    public const string DefaultPg = "Host=127.0.0.1;Username=flameup;Password=flameup;Database=flameup_bench";
    /// <summary>2: also measure GET and batch upsert spread over two server processes on the one database (PostgreSQL).</summary>
    public int Hosts { get; set; } = 1;
    /// <summary>Drop and generate the PostgreSQL database even when it could be reused.</summary>
    public bool Fresh { get; set; }

    public bool IsPostgres => Provider is "postgres" or "postgresql" or "pg";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--")) continue;
            string name, value;
            var eq = a.IndexOf('=');
            if (eq > 0) { name = a[2..eq]; value = a[(eq + 1)..]; }
            else { name = a[2..]; value = i + 1 < args.Count && !args[i + 1].StartsWith("--") ? args[++i] : "true"; }
            switch (name)
            {
                case "people": o.People = long.Parse(value.Replace("_", "")); break;
                case "seconds": o.Seconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "warmup": o.WarmupSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "db": o.Db = value; break;
                case "workdir": o.WorkDir = value; break;
                case "keep-db": o.KeepDb = value != "false"; break;
                case "server-dll": o.ServerDll = value; break;
                case "only": o.Only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "base-port": o.BasePort = int.Parse(value); break;
                case "out": o.Out = value; break;
                case "workspace": o.Workspace = value; break;
                case "provider": o.Provider = value.Trim().ToLowerInvariant(); break;
                case "pg": o.Pg = value; break;
                case "hosts": o.Hosts = int.Parse(value); break;
                case "fresh": o.Fresh = value != "false"; break;
                default: throw new ArgumentException($"Unknown option --{name}");
            }
        }
        if (o.Provider is not ("sqlite" or "postgres" or "postgresql" or "pg")) throw new ArgumentException($"--provider {o.Provider}: use sqlite or postgres");
        if (o.Hosts is < 1 or > 2) throw new ArgumentException("--hosts is 1 or 2");
        if (o.Hosts > 1 && !o.IsPostgres) throw new ArgumentException("--hosts 2 needs --provider postgres (two hosts share one PostgreSQL database)");
        return o;
    }
}
