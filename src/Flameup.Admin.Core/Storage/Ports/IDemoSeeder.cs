namespace Flameup.Admin.Core.Storage.Ports;

public sealed class DemoSeedOptions
{
    public int Seed { get; init; } = 42;
    /// <summary>created_at is spread evenly (in order) over this span before <see cref="Now"/>.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromDays(730);
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Besides person.created, each person gets 0 to this many events.</summary>
    public int MaxExtraEvents { get; init; } = 3;
    public int PeoplePerTransaction { get; init; } = 50_000;
}

public sealed record DemoSeedResult(long People, long Events, bool Bulk, TimeSpan Elapsed);

/// <summary>
/// Fills a workspace with generated people (<see cref="Demo.DemoPeople"/>) and their events by the database's bulk path,
/// far faster than the API (one implementation per database provider). Existing userIds are skipped.
/// </summary>
public interface IDemoSeeder
{
    Task<DemoSeedResult> SeedAsync(string ws, long count, DemoSeedOptions? options = null, Action<long>? progress = null,
        CancellationToken ct = default);
}
