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
                default: throw new ArgumentException($"Unknown option --{name}");
            }
        }
        return o;
    }
}
