using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flameup.Admin.Bench.Tests;

/// <summary>The load driver against a real Kestrel on 127.0.0.1: it sends what it says, counts what failed, and stops at its bounds.</summary>
public sealed class LoadDriverTests : IAsyncLifetime
{
    WebApplication? _app;
    int _served;
    Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/ok/{n:int}", (int n) => { Interlocked.Increment(ref _served); return Results.Json(new { n }); });
        _app.MapGet("/fail", () => { Interlocked.Increment(ref _served); return Results.StatusCode(500); });
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task Sends_exactly_the_bounded_number_of_requests_and_records_each_latency()
    {
        using var driver = new LoadDriver(_address);
        var sequences = new System.Collections.Concurrent.ConcurrentBag<long>();
        var result = await driver.RunAsync("ok", 8, TimeSpan.FromMinutes(1), 500, s =>
        {
            sequences.Add(s);
            return new HttpRequestMessage(HttpMethod.Get, $"/ok/{s}");
        });

        Assert.Equal(500, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(500, _served);
        Assert.Equal(500, sequences.Distinct().Count());
        Assert.Equal(500, result.SortedLatenciesMs.Length);
        Assert.Equal(result.SortedLatenciesMs.OrderBy(x => x), result.SortedLatenciesMs);
        Assert.All(result.SortedLatenciesMs, ms => Assert.True(ms > 0));
        Assert.True(result.RequestsPerSecond > 0);
        Assert.Equal(8, result.Concurrency);
    }

    [Fact]
    public async Task Stops_at_the_time_bound_and_counts_failed_answers_as_errors()
    {
        using var driver = new LoadDriver(_address);
        var result = await driver.RunAsync("fail", 2, TimeSpan.FromMilliseconds(300), long.MaxValue, _ => new HttpRequestMessage(HttpMethod.Get, "/fail"));

        Assert.Equal(0, result.Requests);
        Assert.True(result.Errors > 0);
        Assert.Equal(result.Errors, _served);
        Assert.StartsWith("500", result.FirstError);
        Assert.InRange(result.Seconds, 0.3, 30);
    }

    [Fact]
    public void Refuses_any_address_but_the_loopback()
    {
        Assert.Throws<ArgumentException>(() => new LoadDriver(new Uri("http://10.1.2.3:5231")));
        Assert.Throws<ArgumentException>(() => new LoadDriver(new Uri("http://example.org")));
        using var ok = new LoadDriver(new Uri("http://127.0.0.1:5231"));
    }
}
