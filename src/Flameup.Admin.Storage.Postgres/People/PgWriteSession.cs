using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// Writes people and their events inside one PostgreSQL transaction.
/// <para>Deadlock-free by lock order: a batch first takes a transaction lock per userId it touches, in one sorted pass
/// (so two batches sharing people, in any order, queue instead of deadlocking, even for people neither has created yet),
/// then loads the existing rows FOR UPDATE. Edits by id lock their rows, sorted, when they load them.</para>
/// <para>Events are buffered and written with one binary COPY before the commit; counter changes are summed in memory
/// and added to one randomly chosen slot per status at the end, in key order.</para>
/// </summary>
internal sealed class PgWriteSession(NpgsqlConnection c, NpgsqlTransaction tx) : IWriteSession, IAsyncDisposable
{
    /// <summary>Counter slots per (workspace, status): concurrent writers mostly add to different rows.</summary>
    public const int CounterSlots = 8;

    readonly List<(string Ws, PersonEvent Event, string? AnonymousId)> _events = [];
    readonly SortedDictionary<(string Ws, string Status), long> _counts = new();
    NpgsqlCommand? _insert;
    readonly Dictionary<UpdateColumns, NpgsqlCommand> _updates = [];

    [Flags]
    enum UpdateColumns { Traits = 1, UserId = 2, Email = 4, Status = 8 }

    public async Task<Dictionary<string, PersonState>> LoadByUserIdsAsync(string ws, IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct(StringComparer.Ordinal).ToArray();
        await LockUserIdsAsync(ws, ids, ct);
        await using var cmd = c.Command($"""
            SELECT {PgPeopleStore.Columns} FROM people p WHERE p.workspace_id = @ws AND p.user_id = ANY(@ids)
            ORDER BY p.user_id COLLATE "C" FOR UPDATE
            """, tx).With("ws", ws).With("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        var people = await PgPeopleStore.ReadAllAsync(cmd, ct);
        return people.ToDictionary(p => p.UserId, PersonState.From, StringComparer.Ordinal);
    }

    /// <summary>Transaction locks on (workspace, userId), taken in one sorted pass; held until commit.</summary>
    async Task LockUserIdsAsync(string ws, string[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return;
        await using var cmd = c.Command("""
            SELECT count(pg_advisory_xact_lock(k)) FROM (
              SELECT DISTINCT hashtextextended(@ws || chr(31) || u, 0) AS k FROM unnest(@ids) u ORDER BY 1
            ) keys
            """, tx).With("ws", ws).With("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        await cmd.ExecuteScalarAsync(ct);
    }

    public async Task<List<PersonState>> LoadByIdsAsync(string ws, IEnumerable<Guid> ids, CancellationToken ct)
    {
        await using var cmd = c.Command($"""
            SELECT {PgPeopleStore.Columns} FROM people p WHERE p.workspace_id = @ws AND p.id = ANY(@ids) ORDER BY p.id FOR UPDATE
            """, tx).With("ws", ws).With("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids.Distinct().ToArray());
        return (await PgPeopleStore.ReadAllAsync(cmd, ct)).Select(PersonState.From).ToList();
    }

    public async Task<bool> UserIdTakenAsync(string ws, string userId, Guid except, CancellationToken ct)
    {
        await LockUserIdsAsync(ws, [userId], ct); // the id it is about to take: no other writer may take it meanwhile
        await using var cmd = c.Command("SELECT 1 FROM people WHERE workspace_id = @ws AND user_id = @uid AND id <> @id", tx)
            .With("ws", ws).With("uid", userId).With("id", except);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<bool> ExistsAsync(string ws, Guid id, CancellationToken ct)
    {
        await using var cmd = c.Command("SELECT 1 FROM people WHERE workspace_id = @ws AND id = @id", tx).With("ws", ws).With("id", id);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<Guid?> FindIdByUserIdAsync(string ws, string userId, CancellationToken ct)
    {
        await using var find = c.Command("SELECT id FROM people WHERE workspace_id = @ws AND user_id = @uid", tx)
            .With("ws", ws).With("uid", userId);
        return await find.ExecuteScalarAsync(ct) is Guid id ? id : null;
    }

    public async Task<bool> SaveAsync(PersonState s, CancellationToken ct)
    {
        if (s.IsNew)
        {
            _insert ??= Prepare("""
                INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
                VALUES (@id, @ws, @uid, @email, @status, @traits, @created, @updated)
                ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING pk
                """, ("id", NpgsqlDbType.Uuid), ("ws", NpgsqlDbType.Text), ("uid", NpgsqlDbType.Text), ("email", NpgsqlDbType.Text),
                ("status", NpgsqlDbType.Text), ("traits", NpgsqlDbType.Jsonb), ("created", NpgsqlDbType.Bigint), ("updated", NpgsqlDbType.Bigint));
            _insert.Set("id", s.Id);
            _insert.Set("ws", s.WorkspaceId);
            _insert.Set("uid", s.UserId);
            _insert.Set("email", s.Email);
            _insert.Set("status", s.Status);
            _insert.Set("traits", TraitRules.Serialize(s.Traits));
            _insert.Set("created", Timestamps.ToMs(s.CreatedAt));
            _insert.Set("updated", Timestamps.ToMs(s.UpdatedAt));
            // No row back: the userId is taken (ux_people_ws_user), so the caller merges onto the stored person.
            if (await _insert.ExecuteScalarAsync(ct) is not long pk) return false;
            s.Pk = pk;
            s.IsNew = false;
            Count(s.WorkspaceId, s.Status, +1);
        }
        else
        {
            // Only the columns that changed, so unchanged index entries are not rewritten.
            var columns = UpdateColumns.Traits
                | (s.UserId != s.StoredUserId ? UpdateColumns.UserId : 0)
                | (!string.Equals(s.Email, s.StoredEmail, StringComparison.Ordinal) ? UpdateColumns.Email : 0)
                | (s.Status != s.StoredStatus ? UpdateColumns.Status : 0);
            var update = UpdateCommand(columns);
            if (columns.HasFlag(UpdateColumns.UserId)) update.Set("uid", s.UserId);
            if (columns.HasFlag(UpdateColumns.Email)) update.Set("email", s.Email);
            if (columns.HasFlag(UpdateColumns.Status)) update.Set("status", s.Status);
            update.Set("traits", TraitRules.Serialize(s.Traits));
            update.Set("updated", Timestamps.ToMs(s.UpdatedAt));
            update.Set("ws", s.WorkspaceId);
            update.Set("pk", s.Pk);
            await update.ExecuteNonQueryAsync(ct);
            if (columns.HasFlag(UpdateColumns.Status))
            {
                Count(s.WorkspaceId, s.StoredStatus!, -1);
                Count(s.WorkspaceId, s.Status, +1);
            }
        }
        s.StoredUserId = s.UserId;
        s.StoredEmail = s.Email;
        s.StoredStatus = s.Status;
        return true;
    }

    NpgsqlCommand UpdateCommand(UpdateColumns columns)
    {
        if (_updates.TryGetValue(columns, out var cmd)) return cmd;
        var set = new List<string> { "traits = @traits", "updated_at = @updated" };
        var names = new List<(string, NpgsqlDbType)> { ("traits", NpgsqlDbType.Jsonb), ("updated", NpgsqlDbType.Bigint), ("ws", NpgsqlDbType.Text), ("pk", NpgsqlDbType.Bigint) };
        if (columns.HasFlag(UpdateColumns.UserId)) { set.Add("user_id = @uid"); names.Add(("uid", NpgsqlDbType.Text)); }
        if (columns.HasFlag(UpdateColumns.Email)) { set.Add("email = @email"); names.Add(("email", NpgsqlDbType.Text)); }
        if (columns.HasFlag(UpdateColumns.Status)) { set.Add("status = @status"); names.Add(("status", NpgsqlDbType.Text)); }
        return _updates[columns] = Prepare($"UPDATE people SET {string.Join(", ", set)} WHERE workspace_id = @ws AND pk = @pk", [.. names]);
    }

    public Task RecordEventAsync(string ws, PersonEvent e, string? anonymousId, CancellationToken ct)
    {
        _events.Add((ws, e, anonymousId));
        return Task.CompletedTask;
    }

    public async Task AttachAnonymousEventsAsync(string ws, string anonymousId, Guid personId, CancellationToken ct)
    {
        await WriteEventsAsync(ct); // an anonymous event recorded earlier in this transaction is attached too
        await using var cmd = c.Command(
            "UPDATE person_events SET person_id = @pid WHERE workspace_id = @ws AND anonymous_id = @anon AND person_id IS NULL", tx)
            .With("pid", personId).With("ws", ws).With("anon", anonymousId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> DeleteAsync(string ws, Guid id, CancellationToken ct)
    {
        await WriteEventsAsync(ct);
        await using (var events = c.Command("DELETE FROM person_events WHERE workspace_id = @ws AND person_id = @id", tx).With("ws", ws).With("id", id))
            await events.ExecuteNonQueryAsync(ct);
        await using var person = c.Command("DELETE FROM people WHERE workspace_id = @ws AND id = @id RETURNING status", tx).With("ws", ws).With("id", id);
        if (await person.ExecuteScalarAsync(ct) is not string status) return false;
        Count(ws, status, -1);
        return true;
    }

    public async Task RecordImportBatchAsync(ImportBatchRecord batch, CancellationToken ct)
    {
        await using (var progress = c.Command("""
            UPDATE imports SET rows_done = @rows, line_reached = @line, created_count = created_count + @created,
              updated_count = updated_count + @updated, failed_count = failed_count + @failed WHERE id = @id
            """, tx).With("rows", batch.RowsDone).With("line", batch.LineReached).With("created", (long)batch.Created)
            .With("updated", (long)batch.Updated).With("failed", (long)batch.FailedCount).With("id", batch.ImportId))
            await progress.ExecuteNonQueryAsync(ct);
        if (batch.StoredFailures.Count == 0) return;
        await using var copy = await c.BeginBinaryImportAsync("COPY import_failures (import_id, line, reason, data) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var f in batch.StoredFailures)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(batch.ImportId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(f.Line, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(f.Reason, NpgsqlDbType.Text, ct);
            if (f.Data is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(f.Data, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    void Count(string ws, string status, long delta) =>
        _counts[(ws, status)] = _counts.GetValueOrDefault((ws, status)) + delta;

    /// <summary>Writes what was buffered: the events, then the counter changes (in key order, one slot for this transaction).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await WriteEventsAsync(ct);
        var changes = _counts.Where(kv => kv.Value != 0).ToList();
        _counts.Clear();
        if (changes.Count == 0) return;
        await using var cmd = c.Command("""
            INSERT INTO people_counts (workspace_id, status, slot, n)
            SELECT ws, st, @slot, d FROM unnest(@ws, @status, @delta) AS x(ws, st, d) ORDER BY ws, st
            ON CONFLICT (workspace_id, status, slot) DO UPDATE SET n = people_counts.n + excluded.n
            """, tx)
            .With("slot", (short)Random.Shared.Next(CounterSlots))
            .With("ws", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(kv => kv.Key.Ws).ToArray())
            .With("status", NpgsqlDbType.Array | NpgsqlDbType.Text, changes.Select(kv => kv.Key.Status).ToArray())
            .With("delta", NpgsqlDbType.Array | NpgsqlDbType.Bigint, changes.Select(kv => kv.Value).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    async Task WriteEventsAsync(CancellationToken ct)
    {
        if (_events.Count == 0) return;
        if (_events.Count == 1)
        {
            var (ws, e, anon) = _events[0];
            await using var insert = c.Command("""
                INSERT INTO person_events (workspace_id, id, person_id, anonymous_id, name, properties, timestamp)
                VALUES (@ws, @id, @pid, @anon, @name, @props, @ts)
                """, tx).With("ws", ws).With("id", e.Id).With("pid", NpgsqlDbType.Uuid, e.PersonId).With("anon", NpgsqlDbType.Text, anon)
                .With("name", e.Name).With("props", e.PropertiesJson).With("ts", Timestamps.ToMs(e.Timestamp));
            await insert.ExecuteNonQueryAsync(ct);
        }
        else
        {
            await using var copy = await c.BeginBinaryImportAsync(
                "COPY person_events (workspace_id, id, person_id, anonymous_id, name, properties, timestamp) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (ws, e, anon) in _events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(ws, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                if (e.PersonId is { } pid) await copy.WriteAsync(pid, NpgsqlDbType.Uuid, ct); else await copy.WriteNullAsync(ct);
                if (anon is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(anon, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.PropertiesJson, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Timestamps.ToMs(e.Timestamp), NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        _events.Clear();
    }

    NpgsqlCommand Prepare(string sql, params (string Name, NpgsqlDbType Type)[] parameters)
    {
        var cmd = c.Command(sql, tx);
        foreach (var (name, type) in parameters) cmd.Parameters.Add(new NpgsqlParameter(name, type));
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null) await _insert.DisposeAsync();
        foreach (var update in _updates.Values) await update.DisposeAsync();
    }
}
