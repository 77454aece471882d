namespace Flameup.Admin.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Sqlite_is_the_default_and_takes_no_second_host()
    {
        var o = BenchOptions.Parse(["--people", "20000"]);
        Assert.False(o.IsPostgres);
        Assert.Equal(1, o.Hosts);
        Assert.Equal(BenchOptions.DefaultPg, o.Pg);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--hosts", "2"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--provider", "mysql"]));
    }

    [Fact]
    public void Postgres_options_are_read()
    {
        var o = BenchOptions.Parse(["--provider", "postgres", "--pg", "Host=127.0.0.1;Database=flameup_bench_x", "--hosts", "2", "--fresh"]);
        Assert.True(o.IsPostgres);
        Assert.Equal("Host=127.0.0.1;Database=flameup_bench_x", o.Pg);
        Assert.Equal(2, o.Hosts);
        Assert.True(o.Fresh);
    }

    [Fact]
    public void The_postgres_store_only_touches_databases_named_for_the_benchmark()
    {
        Assert.Throws<ArgumentException>(() => new PgBenchStore("Host=127.0.0.1;Database=lead_app", fresh: false));
        var store = new PgBenchStore("Host=127.0.0.1;Username=u;Password=secret;Database=flameup_bench_t", fresh: false);
        Assert.Equal("127.0.0.1:5432/flameup_bench_t", store.Describe);
        Assert.Equal("/raw/people/0190d0c4-8f6e-7c3a-9b1e-1c2d3e4f5a6b?ws=ws_bench",
            store.FloorGetPath(new SamplePerson(1, "0190d0c4-8f6e-7c3a-9b1e-1c2d3e4f5a6b", "user_0000001", "a@b.c"), "ws_bench"));
        Assert.Equal("Postgres", store.ServerEnvironment["Flameup__Database__Provider"]);
    }
}
