using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// Merges the search index's pending entries on a connection of its own, after a bulk write (an import's batch).
/// <para>A new row's trigram entries first go to the GIN index's pending list; when the list passes
/// <c>gin_pending_list_limit</c> (4 MB, about one 5,000-row batch), the writing backend merges it into the index itself,
/// inside its transaction, on the one core it runs on: about a quarter of a people_search insert. A bulk write therefore
/// raises the limit for its own transaction (<see cref="BulkLimitKb"/>) and asks for a merge after its commit, which runs
/// here with <c>gin_clean_pending_list</c> while the next batch is written. Search reads the pending list as well, so
/// nothing is missing from it meanwhile; the list holds about one batch more than it would otherwise.</para>
/// <para>Requests while a merge runs are folded into one more merge. Should the database refuse the merge (the role does
/// not own the index), bulk writes go back to PostgreSQL's default: a list bound by the usual limit, merged by its writer.</para>
/// </summary>
internal sealed class PgSearchIndexMerger(PgDatabase db, ILogger<PgSearchIndexMerger>? log = null)
{
    /// <summary>The pending list a bulk write's transaction may leave (64 MB, some 15 batches), should merges fall behind.</summary>
    public const int BulkLimitKb = 64 * 1024;

    readonly ILogger _log = log ?? NullLogger<PgSearchIndexMerger>.Instance;
    readonly Lock _gate = new();
    bool _requested, _running;
    Task _current = Task.CompletedTask;
    long _pagesMerged;

    volatile bool _enabled = true;

    /// <summary>False once the database refused a merge: bulk writes then leave the limit alone.</summary>
    public bool Enabled => _enabled;

    /// <summary>Pending-list pages merged here so far (for tests and diagnostics).</summary>
    public long PagesMerged => Interlocked.Read(ref _pagesMerged);

    /// <summary>Asks for a merge after a bulk write committed; returns at once.</summary>
    public void Request()
    {
        lock (_gate)
        {
            _requested = true;
            if (_running) return;
            _running = true;
            _current = Task.Run(RunAsync);
        }
    }

    /// <summary>Completes when no merge is running or asked for.</summary>
    public async Task IdleAsync()
    {
        while (true)
        {
            Task current;
            lock (_gate)
            {
                if (!_running) return;
                current = _current;
            }
            await current;
        }
    }

    async Task RunAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_requested)
                {
                    _running = false;
                    return;
                }
                _requested = false;
            }
            try
            {
                await using var c = await db.OpenAsync();
                await using var merge = new NpgsqlCommand("SELECT gin_clean_pending_list('ix_people_search_trgm'::regclass)", c);
                if (await merge.ExecuteScalarAsync() is long pages) Interlocked.Add(ref _pagesMerged, pages);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                _enabled = false;
                _log.LogWarning("The database role may not merge the search index's pending list ({Message}); bulk writes leave it to PostgreSQL", e.MessageText);
            }
            catch (Exception e)
            {
                // The next bulk write asks again, and PostgreSQL merges a list past its limit by itself.
                _log.LogDebug(e, "Could not merge the search index's pending list");
            }
        }
    }
}
