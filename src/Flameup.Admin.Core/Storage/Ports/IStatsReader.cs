using Flameup.Admin.Core.Stats;

namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>People of a workspace by status.</summary>
public sealed record StatusCounts(long Active, long Unsubscribed, long Bounced);

/// <summary>What is counted per day: people by their creation, or events by their timestamp.</summary>
public enum DailySeries { PeopleCreated, Events }

/// <summary>Counts for statistics, each fast at millions of people (one implementation per database provider).</summary>
public interface IStatsReader
{
    /// <summary>Exact on the next call after a write.</summary>
    Task<StatusCounts> StatusCountsAsync(string ws, CancellationToken ct = default);

    /// <summary>People created at or after <paramref name="since"/>.</summary>
    Task<long> CreatedSinceAsync(string ws, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The count of each of <paramref name="days"/> UTC days from the day starting at <paramref name="from"/>.</summary>
    Task<long[]> CountPerDayAsync(string ws, DailySeries series, DateTimeOffset from, int days, CancellationToken ct = default);

    /// <summary>The <paramref name="top"/> most common trait keys among the <paramref name="sample"/> newest people.</summary>
    Task<TraitKeyRanking> TopTraitKeysAsync(string ws, int sample, int top, CancellationToken ct = default);
}
