using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Storage.Ports;

/// <summary>Reads people and their events (one implementation per database provider).</summary>
public interface IPeopleReader
{
    Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct = default);

    /// <summary>A page of the list and the total it was taken from.</summary>
    Task<(IReadOnlyList<Person> People, long Total)> PageAsync(string ws, PeopleQuery query, CancellationToken ct = default);

    Task<long> CountAsync(string ws, PeopleQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<Person>> SearchAsync(string ws, PeopleSearch search, CancellationToken ct = default);

    /// <summary>A page of a person's events, newest first, and how many there are; null when the workspace has no such person.</summary>
    Task<(IReadOnlyList<PersonEvent> Events, long Total)?> EventsAsync(string ws, Guid personId, int limit, int offset, CancellationToken ct = default);

    /// <summary>A consistent view for reads made of several queries (an export's key pass and its rows).</summary>
    Task<IPeopleSnapshot> SnapshotAsync(CancellationToken ct = default);
}

/// <summary>Reads that all see the data as it was when the snapshot was taken.</summary>
public interface IPeopleSnapshot : IAsyncDisposable
{
    Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct = default);

    /// <summary>Every trait key of the people the query selects, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> TraitKeysAsync(string ws, PeopleQuery query, CancellationToken ct = default);

    /// <summary>Every person the query selects (its paging ignored), in its sort order.</summary>
    IAsyncEnumerable<Person> StreamAsync(string ws, PeopleQuery query, CancellationToken ct = default);

    /// <summary>Every event of a person, newest first.</summary>
    IAsyncEnumerable<PersonEvent> EventsAsync(string ws, Guid personId, CancellationToken ct = default);
}
