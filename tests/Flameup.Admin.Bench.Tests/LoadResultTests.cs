namespace Flameup.Admin.Bench.Tests;

public sealed class LoadResultTests
{
    static readonly double[] OneToHundred = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var r = new LoadResult("x", 1, 100, 0, 2, OneToHundred);
        Assert.Equal((50.0, 95.0, 99.0), (r.P50, r.P95, r.P99));
        Assert.Equal(50, r.RequestsPerSecond);
        Assert.Equal(5000, (r with { ItemsPerRequest = 100 }).ItemsPerSecond);
    }

    [Fact]
    public void Merging_two_rounds_adds_counts_and_time_and_keeps_latencies_sorted()
    {
        var a = new LoadResult("x", 4, 2, 1, 1, [5, 1]);
        var merged = new LoadResult("x", 4, 2, 0, 3, [2, 9]).Merge(a with { SortedLatenciesMs = [1, 5] });
        Assert.Equal([1, 2, 5, 9], merged.SortedLatenciesMs);
        Assert.Equal((4L, 1L, 4.0), (merged.Requests, merged.Errors, merged.Seconds));
    }
}
