namespace Flameup.Admin.Bench;

/// <summary>What one scenario measured: throughput and latency percentiles of the successful requests.</summary>
public sealed record LoadResult(string Name, int Concurrency, long Requests, long Errors, double Seconds, double[] SortedLatenciesMs, int ItemsPerRequest = 1)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
    public double ItemsPerSecond => RequestsPerSecond * ItemsPerRequest;
    public double P50 => Percentile(0.50);
    public double P95 => Percentile(0.95);
    public double P99 => Percentile(0.99);
    public string? FirstError { get; init; }

    /// <summary>Two measurements of the same thing taken at different times, as one.</summary>
    public LoadResult Merge(LoadResult other)
    {
        var all = SortedLatenciesMs.Concat(other.SortedLatenciesMs).ToArray();
        Array.Sort(all);
        return this with { Requests = Requests + other.Requests, Errors = Errors + other.Errors, Seconds = Seconds + other.Seconds, SortedLatenciesMs = all };
    }

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double q)
    {
        if (SortedLatenciesMs.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(q * SortedLatenciesMs.Length) - 1;
        return SortedLatenciesMs[Math.Clamp(rank, 0, SortedLatenciesMs.Length - 1)];
    }
}
