#if POSTGRES // a deadlock between the product and a session outside it needs PostgreSQL's locks
using System.Net;
using Npgsql;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>
/// A write PostgreSQL rolls back for a deadlock is answered 503 with Retry-After (send it again), not 500, and leaves
/// nothing behind. The product's writers lock in one order and never deadlock each other; the other party here is a
/// session outside the product that takes the same two locks the other way round.
/// </summary>
public sealed class WriteConflictTests(PgTestDatabase db) : IClassFixture<PgTestDatabase>
{
    [Fact]
    public async Task A_write_rolled_back_by_a_deadlock_is_a_503_to_send_again_and_stores_nothing()
    {
        using var factory = new PgApiFactory(db.ConnectionString);
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"u_dead","traits":{"plan":"free"}}""");

        await using var outsider = new NpgsqlConnection(db.ConnectionString);
        await outsider.OpenAsync();
        await using var tx = await outsider.BeginTransactionAsync();
        await using (var row = new NpgsqlCommand("SELECT 1 FROM people WHERE workspace_id = @ws AND user_id = 'u_dead' FOR UPDATE", outsider, tx))
        {
            row.Parameters.AddWithValue("ws", c.Workspace);
            await row.ExecuteScalarAsync();
        }

        // The upsert takes the userId's lock, then waits for the row. Once it waits, the outsider asks for that lock:
        // a cycle, which the upsert's backend (waiting longest) finds after deadlock_timeout and gives up.
        var upsert = c.PostAsync("/people/upsert", """{"userId":"u_dead","traits":{"plan":"pro"}}""");
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await SomeoneWaitsForALockAsync(outsider.ProcessID))
        {
            Assert.True(DateTime.UtcNow < until, "the upsert never waited for the row");
            Assert.False(upsert.IsCompleted, $"the upsert finished without waiting: {(await upsert).Status}");
            await Task.Delay(50);
        }
        await using (var key = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@ws || chr(31) || 'u_dead', 0))", outsider, tx))
        {
            key.Parameters.AddWithValue("ws", c.Workspace);
            await key.ExecuteNonQueryAsync(); // returns once the upsert's transaction is rolled back
        }

        var r = await upsert;
        var problem = r.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", r.Response.Headers.RetryAfter?.ToString());
        Assert.Contains("nothing was stored", problem["detail"]!.GetValue<string>());
        await tx.RollbackAsync();

        var person = await c.GetAsync($"/people/{id}");
        Assert.Equal("free", person.Body!["traits"]!["plan"]!.GetValue<string>());
        var again = await c.PostAsync("/people/upsert", """{"userId":"u_dead","traits":{"plan":"pro"}}""");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("pro", again.Body!["traits"]!["plan"]!.GetValue<string>());
    }

    async Task<bool> SomeoneWaitsForALockAsync(int except)
    {
        await using var c = new NpgsqlConnection(db.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> @except)", c);
        cmd.Parameters.AddWithValue("except", except);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
#endif
