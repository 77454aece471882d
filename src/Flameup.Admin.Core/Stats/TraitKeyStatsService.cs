using System.Collections.Concurrent;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Stats;

/// <summary>How many people of the sample have a trait key.</summary>
public sealed record TraitKeyCount(string Key, long People);

/// <summary>The most common trait keys among the <see cref="SampleSize"/> most recently created people.</summary>
public sealed record TraitKeyRanking(IReadOnlyList<TraitKeyCount> Keys, int SampleSize);

/// <summary>
/// Ranks trait keys over a sample of the newest people (read from the created_at index) and keeps the
/// answer briefly: parsing every person's JSON would take seconds at a million people.
/// </summary>
public sealed class TraitKeyStatsService(IStatsReader reader, TimeProvider clock)
{
    public const int SampleLimit = 10_000;
    static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);

    readonly ConcurrentDictionary<(string Ws, int Top), (TraitKeyRanking Ranking, DateTimeOffset Until)> _cache = new();

    public async Task<TraitKeyRanking> GetTopAsync(string ws, int top = 10, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue((ws, top), out var hit) && hit.Until >= now) return hit.Ranking;

        var ranking = await reader.TopTraitKeysAsync(ws, SampleLimit, top, ct);
        if (_cache.Count > 10_000) _cache.Clear();
        _cache[(ws, top)] = (ranking, now + KeepFor);
        return ranking;
    }

    /// <summary>Forgets the cached ranking (tests, or after a bulk change).</summary>
    public void Forget(string ws)
    {
        foreach (var key in _cache.Keys.Where(k => k.Ws == ws)) _cache.TryRemove(key, out _);
    }
}
