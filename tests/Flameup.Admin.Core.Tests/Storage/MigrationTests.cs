using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core.Storage;

namespace Flameup.Admin.Core.Tests.Storage;

/// <summary>The SQL live code runs agrees with the schema the (frozen) migrations wrote.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Search_text_of_the_backfill_is_the_one_the_triggers_index()
    {
        // The demo seeder backfills people_fts with SearchText; rows written later are indexed by the triggers.
        foreach (var (trigger, row) in new[] { ("people_fts_ai", "NEW"), ("people_fts_au", "NEW"), ("people_fts_au", "OLD") })
        {
            var sql = await _db.ScalarAsync<string>($"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{trigger}'");
            Assert.Contains(SqliteSearchSchema.SearchText(row), sql);
        }
    }

    [Fact]
    public async Task Counter_tables_the_live_queries_read_exist()
    {
        foreach (var table in new[] { "people_counts", "people_created_hours", "people_fts" })
            Assert.Equal(1L, await _db.ScalarAsync<long>($"SELECT count(*) FROM sqlite_master WHERE name = '{table}'"));
    }
}
