namespace Flameup.Admin.Storage.Postgres;

// Placeholders while the PostgreSQL storage is written (replaced file by file).
internal sealed class PgPeopleReader : IPeopleReader
{
    public Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct) => throw new NotImplementedException();
    public Task<(IReadOnlyList<Person> People, long Total)> PageAsync(string ws, PeopleQuery query, CancellationToken ct) => throw new NotImplementedException();
    public Task<long> CountAsync(string ws, PeopleQuery query, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyList<Person>> SearchAsync(string ws, PeopleSearch search, CancellationToken ct) => throw new NotImplementedException();
    public Task<(IReadOnlyList<PersonEvent> Events, long Total)?> EventsAsync(string ws, Guid personId, int limit, int offset, CancellationToken ct) => throw new NotImplementedException();
    public Task<IPeopleSnapshot> SnapshotAsync(CancellationToken ct) => throw new NotImplementedException();
}
internal sealed class PgWriteUnit : IWriteUnit
{
    public Task<T> RunAsync<T>(Func<IWriteSession, Task<T>> work, CancellationToken ct) => throw new NotImplementedException();
}
internal sealed class PgStatsReader : IStatsReader
{
    public Task<StatusCounts> StatusCountsAsync(string ws, CancellationToken ct) => throw new NotImplementedException();
    public Task<long> CreatedSinceAsync(string ws, DateTimeOffset since, CancellationToken ct) => throw new NotImplementedException();
    public Task<long[]> CountPerDayAsync(string ws, DailySeries series, DateTimeOffset from, int days, CancellationToken ct) => throw new NotImplementedException();
    public Task<TraitKeyRanking> TopTraitKeysAsync(string ws, int sample, int top, CancellationToken ct) => throw new NotImplementedException();
}
internal sealed class PgSetup : IDatabaseSetup
{
    public Task MigrateAsync(CancellationToken ct) => throw new NotImplementedException();
}
internal sealed class PgDemoSeeder : IDemoSeeder
{
    public Task<DemoSeedResult> SeedAsync(string ws, long count, DemoSeedOptions? options, Action<long>? progress, CancellationToken ct) => throw new NotImplementedException();
}
