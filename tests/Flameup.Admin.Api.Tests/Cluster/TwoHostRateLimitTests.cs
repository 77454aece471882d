using System.Diagnostics;
using System.Net;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>Two real hosts on one PostgreSQL database, one API key hammering both: 429s come at the cluster's limit.</summary>
public sealed class TwoHostRateLimitTests(PgTestDatabase db) : IClassFixture<PgTestDatabase>
{
    // Low, so that even a slow, busy machine sends more than the limit through the in-memory servers.
    const int PerSecond = 5, Burst = 5;

    [Fact]
    public async Task One_key_through_two_hosts_gets_the_limit_once_not_once_per_host()
    {
        var settings = new Dictionary<string, string>
        {
            ["Flameup:Api:RateLimitPerSecond"] = PerSecond.ToString(),
            ["Flameup:Api:RateLimitBurst"] = Burst.ToString(),
        };
        using var a = new PgApiFactory(db.ConnectionString, settings);
        using var b = new PgApiFactory(db.ConnectionString, settings);
        var (ws, key) = await a.NewWorkspaceAsync();
        b.StartServer();
        var clients = new[] { a.ClientFor(key), b.ClientFor(key) };
        var path = $"/api/v1/workspaces/{ws}/people/{Guid.NewGuid()}";
        Assert.Equal(HttpStatusCode.NotFound, (await clients[1].GetAsync(path)).StatusCode); // both hosts warm

        var passed = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref refused);
                else Interlocked.Increment(ref passed);
            }
        }))));

        var limit = Burst - 1 + PerSecond * clock.Elapsed.TotalSeconds; // one token went on the warm-up
        var overshoot = 2 * Math.Max(1, PerSecond / 10); // a chunk per host (SharedKeyRateLimiter.Chunk)
        Assert.True(refused > 0, "nothing was refused");
        Assert.InRange(passed, 0.6 * limit, limit + overshoot); // per-host buckets would have passed about 2 x limit
    }
}
