#if POSTGRES
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.People;
using Flameup.Admin.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>
/// A bulk write (an import's batch) leaves its search-index entries pending and has them merged after its commit, on
/// another connection (<see cref="PgSearchIndexMerger"/>); search finds the people throughout.
/// </summary>
public sealed class PgSearchIndexMergeTests : IAsyncLifetime
{
    const string Ws = "ws_merge";
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    PgSearchIndexMerger Merger => _db.Services.GetRequiredService<PgSearchIndexMerger>();

    static List<PersonInput> People(int from, int count) => Enumerable.Range(from, count)
        .Select(i => PersonInput.For($"member-{i:D6}", $"firstname{i}.lastname{i}@mailbox{i % 97}.example.com",
            new JsonObject { ["first_name"] = $"Firstname{i}", ["last_name"] = $"Lastname{i}", ["name"] = $"Member number {i}" }))
        .ToList();

    async Task WriteAsync(List<PersonInput> items) =>
        await _db.People.UpsertPreparedAsync(Actor.System, _db.People.Prepare(Actor.System, Ws, items, i => $"[{i}]."), null);

    [Fact]
    public async Task A_bulk_batch_leaves_more_pending_than_the_default_limit_and_the_merger_merges_it_after_the_commit()
    {
        await WriteAsync(People(0, 8_000));
        await Merger.IdleAsync();

        // With PostgreSQL's default limit (4 MB) the writer itself merges whenever the list passes it, so no more than
        // that is ever left for anyone else: more shows the batch's transaction raised the limit, as it should.
        var defaultLimitPages = await _db.ScalarAsync<long>("SELECT setting::int / 8 FROM pg_settings WHERE name = 'gin_pending_list_limit'");
        Assert.True(Merger.PagesMerged > defaultLimitPages, $"merged {Merger.PagesMerged} pending pages, the default limit holds {defaultLimitPages}");
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT gin_clean_pending_list('ix_people_search_trgm'::regclass)")); // nothing left pending

        var found = await _db.People.ListAsync(Ws, new PeopleQuery { Search = "lastname7654" });
        Assert.Equal(["member-007654"], found.People.Select(p => p.UserId));
        Assert.Equal(8_000, (await _db.People.ListAsync(Ws, new PeopleQuery { Search = "member number" })).Total);
    }

    [Fact]
    public async Task Search_finds_people_whose_entries_are_still_pending()
    {
        await WriteAsync(People(0, 300));
        await Merger.IdleAsync();
        var merged = Merger.PagesMerged;
        // One row written past the product: its entries wait in the pending list, which no one merges meanwhile.
        await _db.ScalarAsync<long>($$"""
            INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
            VALUES (gen_random_uuid(), '{{Ws}}', 'pending-one', 'zyxwvut@example.com', 'active', '{}', 0, 0) RETURNING 0
            """);

        Assert.Equal(["pending-one"], (await _db.People.ListAsync(Ws, new PeopleQuery { Search = "zyxwvut" })).People.Select(p => p.UserId));
        Assert.Equal(merged, Merger.PagesMerged);
    }

    [Fact]
    public async Task Small_writes_leave_the_limit_alone_and_ask_for_no_merge()
    {
        foreach (var chunk in People(0, 400).Chunk(100)) // the API's batch size: the one-round-trip path
            await _db.People.UpsertManyAsync(Actor.System, Ws, chunk, i => $"[{i}].");
        await Merger.IdleAsync();
        Assert.Equal(0, Merger.PagesMerged);
        Assert.Equal(400, (await _db.People.ListAsync(Ws, new PeopleQuery { Search = "member number" })).Total);
    }
}
#endif
