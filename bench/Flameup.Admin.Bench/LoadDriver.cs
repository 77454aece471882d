using System.Diagnostics;
using System.Net;

namespace Flameup.Admin.Bench;

/// <summary>
/// Sends requests from a fixed number of concurrent workers until a request count or a time limit is
/// reached, and records each request's latency. Only ever talks to the loopback address.
/// </summary>
public sealed class LoadDriver : IDisposable
{
    readonly HttpClient _http;

    public LoadDriver(Uri baseAddress)
    {
        if (!IPAddress.TryParse(baseAddress.Host, out var ip) || !IPAddress.IsLoopback(ip))
            throw new ArgumentException($"The load driver only sends to 127.0.0.1, not {baseAddress}.");
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http => _http;

    /// <summary>
    /// Runs <paramref name="request"/> (given the request's sequence number) for a warm-up, then measures.
    /// A response counts as an error unless <paramref name="ok"/> accepts its status (default: 2xx).
    /// </summary>
    public async Task<LoadResult> RunAsync(string name, int concurrency, TimeSpan duration, long maxRequests,
        Func<long, HttpRequestMessage> request, TimeSpan warmup = default, Func<HttpStatusCode, bool>? ok = null, int itemsPerRequest = 1)
    {
        ok ??= s => (int)s is >= 200 and < 300;
        long sequence = 0;
        if (warmup > TimeSpan.Zero)
            await Workers(concurrency, warmup, Math.Max(1, maxRequests / 10), request, ok, () => Interlocked.Increment(ref sequence));
        var (latencies, errors, firstError, seconds) =
            await Workers(concurrency, duration, maxRequests, request, ok, () => Interlocked.Increment(ref sequence));
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadResult(name, concurrency, sorted.Length, errors, seconds, sorted, itemsPerRequest) { FirstError = firstError };
    }

    async Task<(List<double>, long, string?, double)> Workers(int concurrency, TimeSpan duration, long maxRequests,
        Func<long, HttpRequestMessage> request, Func<HttpStatusCode, bool> ok, Func<long> nextSequence)
    {
        var all = new List<double>();
        long started = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        async Task Worker()
        {
            var mine = new List<double>(1024);
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= maxRequests)
            {
                using var message = request(nextSequence());
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    if (ok(response.StatusCode)) mine.Add(ms);
                    else
                    {
                        Interlocked.Increment(ref errors);
                        var body = await response.Content.ReadAsStringAsync();
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}", null);
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
            lock (all) all.AddRange(mine);
        }
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        return (all, errors, firstError, clock.Elapsed.TotalSeconds);
    }

    public void Dispose() => _http.Dispose();
}
