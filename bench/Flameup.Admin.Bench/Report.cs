using System.Globalization;
using System.Text;

namespace Flameup.Admin.Bench;

/// <summary>The results as a Markdown table, ready to paste into bench/README.md.</summary>
public static class Report
{
    public static string Markdown(DateTimeOffset started, BenchOptions o, Workload workload, IReadOnlyList<Row> rows, IReadOnlyList<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"### {started:yyyy-MM-dd HH:mm} UTC — {workload.PeopleCount:N0} people, {Environment.ProcessorCount} cores, {o.Seconds:F0} s per scenario after {o.WarmupSeconds:F0} s warm-up");
        foreach (var n in notes) sb.AppendLine($"- {n}");
        sb.AppendLine();
        sb.AppendLine("| scenario | conc. | req/s | rows/s | p50 ms | p95 ms | p99 ms | errors | ratio to floor | target | met |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var r = row.Result;
            string F(double v, string f = "F2") => double.IsNaN(v) ? "–" : v.ToString(f, inv);
            var ratio = row.Ratio is { } x ? $"{x.ToString("P0", inv)} of {row.Floor}" : "";
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            var note = row.Note is null ? "" : $" ({row.Note})";
            if (r is null)
                sb.AppendLine($"| {row.Scenario}{note} | | | | | | | | | {row.Target} | {met} |");
            else
                sb.AppendLine($"| {row.Scenario}{note} | {r.Concurrency} | {F(r.RequestsPerSecond, "F0")} | {(r.ItemsPerRequest > 1 ? F(r.ItemsPerSecond, "F0") : "")} | {F(r.P50)} | {F(r.P95)} | {F(r.P99)} | {r.Errors} | {ratio} | {row.Target} | {met} |");
        }
        return sb.ToString();
    }
}
