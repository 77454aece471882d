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

    [Fact]
    public async Task The_schema_refuses_a_second_running_import_in_a_workspace()
    {
        const string insert = "INSERT INTO imports (id, workspace_id, file_name, file_size, format, status, rows_done, line_reached, " +
            "created_count, updated_count, failed_count, created_at) VALUES ('{0}', '{1}', 'f.csv', 1, 'csv', '{2}', 0, 0, 0, 0, 0, 0) RETURNING 0";
        await _db.ScalarAsync<long>(string.Format(insert, "a", "ws_a", "running"));
        await _db.ScalarAsync<long>(string.Format(insert, "b", "ws_a", "completed"));
        await _db.ScalarAsync<long>(string.Format(insert, "c", "ws_b", "running"));
        var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _db.ScalarAsync<long>(string.Format(insert, "d", "ws_a", "running")));
        Assert.Contains("UNIQUE", refused.Message);
    }
}
