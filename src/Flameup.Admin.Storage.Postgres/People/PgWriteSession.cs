using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// Writes people and their events inside one PostgreSQL transaction.
/// <para>Locks in key order: a write first takes a transaction lock per userId it touches, in one sorted pass (so two
/// batches sharing people, in any order, queue instead of deadlocking, even for people neither has created yet), then
/// loads the existing rows FOR UPDATE; edits by id take the same locks (<see cref="LockAsync"/>).</para>
/// <para>Because every writer holds the lock of a userId before it looks it up, a person found missing stays missing
/// until this transaction ends: saves are buffered and written in one round trip (inserts, updates and events as one
/// batch of array-bound statements) before the next read and before the commit, the counter changes of the whole
/// transaction with the last one (per status and per creation hour, see <see cref="PgHourCounters"/>). The unique
/// (workspace_id, user_id) index still guards the insert; a writer that skipped the lock makes it a conflict.</para>
/// </summary>
internal sealed class PgWriteSession(NpgsqlConnection c, NpgsqlTransaction tx, PgSearchIndexMerger merger) : IWriteSession
{
    /// <summary>Counter slots per (workspace, status): concurrent writers mostly add to different rows.</summary>
    public const int CounterSlots = 8;

    readonly List<PersonState> _inserts = [];
    /// <summary>People to update, with the status their row has now (for the counters).</summary>
    readonly Dictionary<PersonState, string> _updates = new(ReferenceEqualityComparer.Instance);
    readonly HashSet<PersonState> _inserting = new(ReferenceEqualityComparer.Instance);
    readonly List<(string Ws, PersonEvent Event, string? AnonymousId)> _events = [];
    readonly SortedDictionary<(string Ws, string Status), long> _counts = new();
    /// <summary>Net people created per (workspace, hour of created_at), for people_created_hours (<see cref="PgHourCounters"/>).</summary>
    readonly SortedDictionary<(string Ws, long Hour), long> _hours = new();
    /// <summary>The counter slot of this transaction, for the status and the hour counters alike.</summary>
    readonly short _slot = (short)Random.Shared.Next(CounterSlots);

    /// <summary>True once a bulk flush left its search-index entries for <see cref="PgSearchIndexMerger"/>: ask it after the commit.</summary>
    public bool SearchIndexMergeWanted { get; private set; }

    public async Task<Dictionary<string, PersonState>> LoadByUserIdsAsync(string ws, IEnumerable<string> userIds, CancellationToken ct)
    {
        await FlushAsync(ct);
        var ids = userIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) return new Dictionary<string, PersonState>(StringComparer.Ordinal);
        // The locks and the read in one round trip (they run in order on the server): an upsert's round trips are
        // what its latency is made of on a busy machine.
        await using var batch = new NpgsqlBatch(c, tx);
        AddLocks(batch, ws, ids);
        var load = new NpgsqlBatchCommand($"""
            SELECT {PgPeopleStore.Columns} FROM people p WHERE p.workspace_id = @ws AND p.user_id = ANY(@ids)
            ORDER BY p.user_id COLLATE "C" FOR UPDATE
            """);
        load.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
        load.Parameters.Add(Array("ids", NpgsqlDbType.Text, ids));
        batch.BatchCommands.Add(load);
        var people = new Dictionary<string, PersonState>(StringComparer.Ordinal);
        await using var r = await batch.ExecuteReaderAsync(ct);
        for (var locks = batch.BatchCommands.Count - 1; locks > 0; locks--) await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var person = PersonState.From(PgPeopleStore.Read(r));
            people[person.UserId] = person;
        }
        return people;
    }

    /// <summary>Above this many people, a write locks the whole workspace instead of each userId.</summary>
    public const int MaxKeyLocks = 128;

    /// <summary>
    /// Transaction locks, held until commit: the workspace's lock shared, then one per userId in one sorted pass; or, for
    /// more than <see cref="MaxKeyLocks"/> people (an import's batch), the workspace's lock alone, exclusive. PostgreSQL's
    /// lock table is shared by all sessions and sized for some 64 locks per connection, so a 5,000-row batch must not
    /// take 5,000 of them; it waits for the small writers of its workspace instead, and they for it.
    /// </summary>
    async Task LockAsync(string ws, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        await using var batch = new NpgsqlBatch(c, tx);
        AddLocks(batch, ws, userIds);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The commands of <see cref="LockAsync"/>, for a batch that goes on with the reads they guard.</summary>
    static void AddLocks(NpgsqlBatch batch, string ws, IReadOnlyCollection<string> userIds)
    {
        var wide = userIds.Count > MaxKeyLocks;
        var workspace = new NpgsqlBatchCommand(wide
            ? "SELECT pg_advisory_xact_lock(hashtextextended(@ws, 1))"
            : "SELECT pg_advisory_xact_lock_shared(hashtextextended(@ws, 1))");
        workspace.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
        batch.BatchCommands.Add(workspace);
        if (!wide)
        {
            var keys = new NpgsqlBatchCommand("""
                SELECT count(pg_advisory_xact_lock(k)) FROM (
                  SELECT DISTINCT hashtextextended(@ws || chr(31) || u, 0) AS k FROM unnest(@ids) u ORDER BY 1
                ) keys
                """);
            keys.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Text) { Value = ws });
            keys.Parameters.Add(Array("ids", NpgsqlDbType.Text, userIds.ToArray()));
            batch.BatchCommands.Add(keys);
        }
    }

    public async Task<List<PersonState>> LoadByIdsAsync(string ws, IEnumerable<Guid> ids, CancellationToken ct)
    {
        await FlushAsync(ct);
        var wanted = ids.Distinct().ToArray();
        // The same locks an upsert of these people takes, so edits by id and upserts by userId queue in one order.
        var userIds = new List<string>();
        await using (var find = c.Command("SELECT user_id FROM people WHERE workspace_id = @ws AND id = ANY(@ids)", tx)
            .With("ws", ws).With("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, wanted))
        await using (var r = await find.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) userIds.Add(r.GetString(0));
        await LockAsync(ws, userIds, ct);
        await using var cmd = c.Command($"""
            SELECT {PgPeopleStore.Columns} FROM people p WHERE p.workspace_id = @ws AND p.id = ANY(@ids) ORDER BY p.id FOR UPDATE
            """, tx).With("ws", ws).With("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, wanted);
        return (await PgPeopleStore.ReadAllAsync(cmd, ct)).Select(PersonState.From).ToList();
    }

    public async Task<bool> UserIdTakenAsync(string ws, string userId, Guid except, CancellationToken ct)
    {
        await FlushAsync(ct);
        await LockAsync(ws, [userId], ct); // the id it is about to take: no other writer may take it meanwhile
        await using var cmd = c.Command("SELECT 1 FROM people WHERE workspace_id = @ws AND user_id = @uid AND id <> @id", tx)
            .With("ws", ws).With("uid", userId).With("id", except);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<bool> ExistsAsync(string ws, Guid id, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var cmd = c.Command("SELECT 1 FROM people WHERE workspace_id = @ws AND id = @id", tx).With("ws", ws).With("id", id);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<Guid?> FindIdByUserIdAsync(string ws, string userId, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var find = c.Command("SELECT id FROM people WHERE workspace_id = @ws AND user_id = @uid", tx)
            .With("ws", ws).With("uid", userId);
        return await find.ExecuteScalarAsync(ct) is Guid id ? id : null;
    }

    /// <summary>Buffers the write (see the class): it reaches the database with the next read or the commit.</summary>
    public Task<bool> SaveAsync(PersonState s, CancellationToken ct)
    {
        if (s.IsNew)
        {
            _inserts.Add(s);
            _inserting.Add(s);
            s.IsNew = false;
        }
        else if (!_inserting.Contains(s)) // a person inserted in this round trip is written with its latest values anyway
            _updates.TryAdd(s, s.StoredStatus ?? s.Status);
        s.StoredUserId = s.UserId;
        s.StoredEmail = s.Email;
        s.StoredStatus = s.Status;
        return Task.FromResult(true);
    }

    public Task RecordEventAsync(string ws, PersonEvent e, string? anonymousId, CancellationToken ct)
    {
        _events.Add((ws, e, anonymousId));
        return Task.CompletedTask;
    }

    public async Task AttachAnonymousEventsAsync(string ws, string anonymousId, Guid personId, CancellationToken ct)
    {
        await FlushAsync(ct); // an anonymous event recorded earlier in this transaction is attached too
        await using var cmd = c.Command(
            "UPDATE person_events SET person_id = @pid WHERE workspace_id = @ws AND anonymous_id = @anon AND person_id IS NULL", tx)
            .With("pid", personId).With("ws", ws).With("anon", anonymousId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> DeleteAsync(string ws, Guid id, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using (var events = c.Command("DELETE FROM person_events WHERE workspace_id = @ws AND person_id = @id", tx).With("ws", ws).With("id", id))
            await events.ExecuteNonQueryAsync(ct);
        await using var person = c.Command("DELETE FROM people WHERE workspace_id = @ws AND id = @id RETURNING status, created_at", tx).With("ws", ws).With("id", id);
        await using var r = await person.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return false;
        Count(ws, r.GetString(0), -1);
        PgHourCounters.Add(_hours, ws, r.GetInt64(1), -1);
        return true;
    }

    public async Task RecordImportBatchAsync(ImportBatchRecord batch, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var progress = new NpgsqlBatch(c, tx);
        // An import batch commits without waiting for its WAL to reach the disk (a few milliseconds of a 5,000-row batch
        // alone on the writing connection): a crash of the database can then lose it, but not half of it, and the next
        // batch's rows_done condition finds it missing (IWriteSession.RecordImportBatchAsync). The commit that ends the
        // import waits as usual, and with it everything written before.
        progress.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        var update = new NpgsqlBatchCommand("""
            UPDATE imports SET rows_done = @rows, line_reached = @line, created_count = created_count + @created,
              updated_count = updated_count + @updated, failed_count = failed_count + @failed
            WHERE id = @id AND owner = @owner AND rows_done = @previous
            """).With("rows", batch.RowsDone).With("line", batch.LineReached).With("created", (long)batch.Created)
            .With("updated", (long)batch.Updated).With("failed", (long)batch.FailedCount).With("id", batch.ImportId)
            .With("owner", batch.Owner).With("previous", batch.PreviousRowsDone);
        progress.BatchCommands.Add(update);
        await progress.ExecuteNonQueryAsync(ct);
        // Another host took the import over (this one stalled past its lease), or the database lost this job's last batch.
        if (update.RecordsAffected == 0) throw new Flameup.Admin.Core.Import.ImportLeaseLostException(batch.ImportId);
        if (batch.StoredFailures.Count == 0) return;
        await using var failures = c.Command("""
            INSERT INTO import_failures (import_id, line, reason, data) SELECT @id, * FROM unnest(@lines, @reasons, @data)
            """, tx).With("id", batch.ImportId)
            .With("lines", NpgsqlDbType.Array | NpgsqlDbType.Bigint, batch.StoredFailures.Select(f => f.Line).ToArray())
            .With("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.StoredFailures.Select(f => f.Reason).ToArray())
            .With("data", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.StoredFailures.Select(f => f.Data).ToArray());
        await failures.ExecuteNonQueryAsync(ct);
    }

    void Count(string ws, string status, long delta) =>
        _counts[(ws, status)] = _counts.GetValueOrDefault((ws, status)) + delta;

    /// <summary>
    /// Writes everything buffered in one round trip; the write unit calls it last, before the commit, with
    /// <paramref name="counters"/>: the counter changes of the whole transaction (per status, per creation hour) are
    /// written then, once, each table in key order. A transaction that flushes several times (a delete per person) thus
    /// never takes one counter row, then waits for another that a second such transaction took first.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct, bool counters = false)
    {
        if (_inserts.Count == 0 && _updates.Count == 0 && _events.Count == 0 && !(counters && (_counts.Count > 0 || _hours.Count > 0))) return;
        foreach (var s in _inserts)
        {
            Count(s.WorkspaceId, s.Status, +1);
            PgHourCounters.Add(_hours, s.WorkspaceId, Timestamps.ToMs(s.CreatedAt), +1);
        }
        foreach (var (s, was) in _updates)
            if (was != s.Status)
            {
                Count(s.WorkspaceId, was, -1);
                Count(s.WorkspaceId, s.Status, +1);
            }

        // A bulk flush (an import's batch) first copies its rows to the server: new people straight into people (unless a
        // writer outside the product took one of their userIds, see PgCopyFlush), the rest into staging tables that the
        // batch below applies.
        var bulk = PgCopyFlush.Wanted(_inserts.Count + _updates.Count);
        if (bulk && !SearchIndexMergeWanted && merger.Enabled)
        {
            await using (var limit = c.Command("SELECT set_config('gin_pending_list_limit', @kb, true)", tx)
                .With("kb", PgSearchIndexMerger.BulkLimitKb.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                await limit.ExecuteNonQueryAsync(ct);
            SearchIndexMergeWanted = true;
        }
        var updates = _updates.Keys.OrderBy(s => s.Id).ToList();
        var copied = bulk && _inserts.Count > 0 ? await PgCopyFlush.TryCopyNewAsync(c, tx, _inserts, ct) : null;
        if (copied is { } n && n != (ulong)_inserts.Count) throw InsertConflict();
        var staged = bulk && (copied is null && _inserts.Count > 0 || updates.Count > 0);
        if (bulk) await PgCopyFlush.StageAsync(c, tx, copied is null ? _inserts : [], updates, _events, ct);
        await using var batch = new NpgsqlBatch(c, tx);
        var insertAt = -1;
        if (_inserts.Count > 0 && copied is null)
        {
            insertAt = batch.BatchCommands.Count;
            batch.BatchCommands.Add(bulk ? PgCopyFlush.InsertFromStage() : PeopleCommand("""
                INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
                SELECT * FROM unnest(@id, @ws, @uid, @email, @status, @traits, @created, @updated)
                ON CONFLICT (workspace_id, user_id) DO NOTHING
                """, _inserts, withCreated: true));
        }
        if (_updates.Count > 0)
            batch.BatchCommands.Add(bulk ? PgCopyFlush.UpdateFromStage() : PeopleCommand("""
                UPDATE people p SET user_id = u.uid, email = u.email, status = u.status, traits = u.traits, updated_at = u.updated
                FROM unnest(@id, @ws, @uid, @email, @status, @traits, @updated) AS u(id, ws, uid, email, status, traits, updated)
                WHERE p.workspace_id = u.ws AND p.id = u.id
                """, updates, withCreated: false));
        if (_events.Count > 0 && !bulk) batch.BatchCommands.Add(EventsCommand());
        if (staged) batch.BatchCommands.Add(PgCopyFlush.DropStage());
        var counts = counters ? _counts.Where(kv => kv.Value != 0).ToList() : [];
        if (counts.Count > 0) batch.BatchCommands.Add(CountersCommand(counts, _slot));
        // After the status counters, in key order too: every writer takes counter rows in one order.
        if (counters && PgHourCounters.Command(_hours, _slot) is { } hours) batch.BatchCommands.Add(hours);

        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        if (insertAt >= 0 && batch.BatchCommands[insertAt].RecordsAffected != _inserts.Count) throw InsertConflict();
        _inserts.Clear();
        _inserting.Clear();
        _updates.Clear();
        _events.Clear();
        if (!counters) return;
        _counts.Clear();
        _hours.Clear();
    }

    static ConflictException InsertConflict() =>
        new("userId", "A person being created was created by another writer at the same time; try again.");

    static NpgsqlBatchCommand PeopleCommand(string sql, IReadOnlyList<PersonState> people, bool withCreated)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(Array("id", NpgsqlDbType.Uuid, people.Select(p => p.Id).ToArray()));
        cmd.Parameters.Add(Array("ws", NpgsqlDbType.Text, people.Select(p => p.WorkspaceId).ToArray()));
        cmd.Parameters.Add(Array("uid", NpgsqlDbType.Text, people.Select(p => p.UserId).ToArray()));
        cmd.Parameters.Add(Array("email", NpgsqlDbType.Text, people.Select(p => p.Email).ToArray()));
        cmd.Parameters.Add(Array("status", NpgsqlDbType.Text, people.Select(p => p.Status).ToArray()));
        cmd.Parameters.Add(Array("traits", NpgsqlDbType.Jsonb, people.Select(p => p.TraitsJson()).ToArray()));
        if (withCreated) cmd.Parameters.Add(Array("created", NpgsqlDbType.Bigint, people.Select(p => Timestamps.ToMs(p.CreatedAt)).ToArray()));
        cmd.Parameters.Add(Array("updated", NpgsqlDbType.Bigint, people.Select(p => Timestamps.ToMs(p.UpdatedAt)).ToArray()));
        return cmd;
    }

    NpgsqlBatchCommand EventsCommand()
    {
        var cmd = new NpgsqlBatchCommand("""
            INSERT INTO person_events (workspace_id, id, person_id, anonymous_id, name, properties, timestamp)
            SELECT * FROM unnest(@ws, @id, @pid, @anon, @name, @props, @ts)
            """);
        cmd.Parameters.Add(Array("ws", NpgsqlDbType.Text, _events.Select(e => e.Ws).ToArray()));
        cmd.Parameters.Add(Array("id", NpgsqlDbType.Uuid, _events.Select(e => e.Event.Id).ToArray()));
        cmd.Parameters.Add(Array("pid", NpgsqlDbType.Uuid, _events.Select(e => e.Event.PersonId).ToArray()));
        cmd.Parameters.Add(Array("anon", NpgsqlDbType.Text, _events.Select(e => e.AnonymousId).ToArray()));
        cmd.Parameters.Add(Array("name", NpgsqlDbType.Text, _events.Select(e => e.Event.Name).ToArray()));
        cmd.Parameters.Add(Array("props", NpgsqlDbType.Text, _events.Select(e => e.Event.PropertiesJson).ToArray()));
        cmd.Parameters.Add(Array("ts", NpgsqlDbType.Bigint, _events.Select(e => Timestamps.ToMs(e.Event.Timestamp)).ToArray()));
        return cmd;
    }

    /// <summary>The net change per (workspace, status), added to one slot chosen for this transaction, in key order.</summary>
    static NpgsqlBatchCommand CountersCommand(List<KeyValuePair<(string Ws, string Status), long>> counts, short slot)
    {
        var cmd = new NpgsqlBatchCommand("""
            INSERT INTO people_counts (workspace_id, status, slot, n)
            SELECT ws, st, @slot, d FROM unnest(@ws, @st, @d) AS x(ws, st, d) ORDER BY ws, st
            ON CONFLICT (workspace_id, status, slot) DO UPDATE SET n = people_counts.n + excluded.n
            """);
        cmd.Parameters.Add(new NpgsqlParameter("slot", NpgsqlDbType.Smallint) { Value = slot });
        cmd.Parameters.Add(Array("ws", NpgsqlDbType.Text, counts.Select(kv => kv.Key.Ws).ToArray()));
        cmd.Parameters.Add(Array("st", NpgsqlDbType.Text, counts.Select(kv => kv.Key.Status).ToArray()));
        cmd.Parameters.Add(Array("d", NpgsqlDbType.Bigint, counts.Select(kv => kv.Value).ToArray()));
        return cmd;
    }

    static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values };
}
