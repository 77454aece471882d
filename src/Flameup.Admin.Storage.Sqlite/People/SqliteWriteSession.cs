using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;
using Microsoft.Data.Sqlite;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// Writes people and their events inside one SQLite transaction with prepared statements: existing rows are
/// read in one query per batch, merged in memory by the domain, then inserted or updated.
/// </summary>
internal sealed class SqliteWriteSession(SqliteConnection c, SqliteTransaction tx) : IWriteSession, IDisposable
{
    SqliteCommand? _insert, _event;
    readonly Dictionary<UpdateColumns, SqliteCommand> _updates = [];

    [Flags]
    enum UpdateColumns { Traits = 1, UserId = 2, Email = 4, Status = 8 }

    SqliteCommand UpdateCommand(UpdateColumns columns)
    {
        if (_updates.TryGetValue(columns, out var cmd)) return cmd;
        var set = new List<string> { "traits = @traits", "updated_at = @updated" };
        var names = new List<string> { "@traits", "@updated", "@pk" };
        if (columns.HasFlag(UpdateColumns.UserId)) { set.Add("user_id = @uid"); names.Add("@uid"); }
        if (columns.HasFlag(UpdateColumns.Email)) { set.Add("email = @email"); names.Add("@email"); }
        if (columns.HasFlag(UpdateColumns.Status)) { set.Add("status = @status"); names.Add("@status"); }
        return _updates[columns] = Prepare($"UPDATE people SET {string.Join(", ", set)} WHERE pk = @pk", [.. names]);
    }

    public async Task<Dictionary<string, PersonState>> LoadByUserIdsAsync(string ws, IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = System.Text.Json.JsonSerializer.Serialize(userIds.Distinct().ToArray());
        await using var cmd = c.Command(
            $"SELECT {PeopleStore.Columns} FROM people p WHERE p.workspace_id = @ws AND p.user_id IN (SELECT value FROM json_each(@ids))", tx)
            .With("@ws", ws).With("@ids", ids);
        var people = await PeopleStore.ReadAllAsync(cmd, ct);
        return people.ToDictionary(p => p.UserId, PersonState.From, StringComparer.Ordinal);
    }

    public async Task<List<PersonState>> LoadByIdsAsync(string ws, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(ids.Select(PeopleStore.IdText).Distinct().ToArray());
        await using var cmd = c.Command(
            $"SELECT {PeopleStore.Columns} FROM people p WHERE p.workspace_id = @ws AND p.id IN (SELECT value FROM json_each(@ids))", tx)
            .With("@ws", ws).With("@ids", json);
        return (await PeopleStore.ReadAllAsync(cmd, ct)).Select(PersonState.From).ToList();
    }

    public async Task<bool> UserIdTakenAsync(string ws, string userId, Guid except, CancellationToken ct)
    {
        await using var cmd = c.Command("SELECT 1 FROM people WHERE workspace_id = @ws AND user_id = @uid AND id <> @id", tx)
            .With("@ws", ws).With("@uid", userId).With("@id", PeopleStore.IdText(except));
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<bool> ExistsAsync(string ws, Guid id, CancellationToken ct)
    {
        await using var cmd = c.Command("SELECT 1 FROM people WHERE id = @id AND workspace_id = @ws", tx)
            .With("@id", PeopleStore.IdText(id)).With("@ws", ws);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<Guid?> FindIdByUserIdAsync(string ws, string userId, CancellationToken ct)
    {
        await using var find = c.Command("SELECT id FROM people WHERE workspace_id = @ws AND user_id = @uid", tx)
            .With("@ws", ws).With("@uid", userId);
        return await find.ExecuteScalarAsync(ct) is string id ? Guid.Parse(id) : null;
    }

    public async Task<bool> SaveAsync(PersonState s, CancellationToken ct)
    {
        if (s.IsNew)
        {
            _insert ??= Prepare("""
                INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
                VALUES (@id, @ws, @uid, @email, @status, @traits, @created, @updated)
                ON CONFLICT (workspace_id, user_id) DO NOTHING RETURNING pk
                """, "@id", "@ws", "@uid", "@email", "@status", "@traits", "@created", "@updated");
            _insert.Set("@id", PeopleStore.IdText(s.Id));
            _insert.Set("@ws", s.WorkspaceId);
            _insert.Set("@uid", s.UserId);
            _insert.Set("@email", s.Email);
            _insert.Set("@status", s.Status);
            _insert.Set("@traits", s.TraitsJson());
            _insert.Set("@created", Timestamps.ToMs(s.CreatedAt));
            _insert.Set("@updated", Timestamps.ToMs(s.UpdatedAt));
            // No row back: the userId is taken (ux_people_ws_user), so the caller merges onto the stored person.
            if (await _insert.ExecuteScalarAsync(ct) is not long pk) return false;
            s.Pk = pk;
            s.IsNew = false;
        }
        else
        {
            // Only the columns that changed: an unchanged userId, email or status would still rewrite its
            // index entry (a random page per row) and wake the counter trigger.
            var columns = UpdateColumns.Traits
                | (s.UserId != s.StoredUserId ? UpdateColumns.UserId : 0)
                | (!string.Equals(s.Email, s.StoredEmail, StringComparison.Ordinal) ? UpdateColumns.Email : 0)
                | (s.Status != s.StoredStatus ? UpdateColumns.Status : 0);
            var update = UpdateCommand(columns);
            if (columns.HasFlag(UpdateColumns.UserId)) update.Set("@uid", s.UserId);
            if (columns.HasFlag(UpdateColumns.Email)) update.Set("@email", s.Email);
            if (columns.HasFlag(UpdateColumns.Status)) update.Set("@status", s.Status);
            update.Set("@traits", s.TraitsJson());
            update.Set("@updated", Timestamps.ToMs(s.UpdatedAt));
            update.Set("@pk", s.Pk);
            await update.ExecuteNonQueryAsync(ct);
        }
        s.StoredUserId = s.UserId;
        s.StoredEmail = s.Email;
        s.StoredStatus = s.Status;
        return true;
    }

    public async Task RecordEventAsync(string ws, PersonEvent e, string? anonymousId, CancellationToken ct)
    {
        _event ??= Prepare(InsertEventSql, "@id", "@ws", "@pid", "@anon", "@name", "@props", "@ts");
        _event.Set("@id", PeopleStore.IdText(e.Id));
        _event.Set("@ws", ws);
        _event.Set("@pid", e.PersonId is { } pid ? PeopleStore.IdText(pid) : null);
        _event.Set("@anon", anonymousId);
        _event.Set("@name", e.Name);
        _event.Set("@props", e.PropertiesJson);
        _event.Set("@ts", Timestamps.ToMs(e.Timestamp));
        await _event.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Gives a person the events recorded earlier under an anonymous id.</summary>
    public async Task AttachAnonymousEventsAsync(string ws, string anonymousId, Guid personId, CancellationToken ct)
    {
        await using var cmd = c.Command(
            "UPDATE person_events SET person_id = @pid WHERE workspace_id = @ws AND anonymous_id = @anon AND person_id IS NULL", tx)
            .With("@pid", PeopleStore.IdText(personId)).With("@ws", ws).With("@anon", anonymousId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> DeleteAsync(string ws, Guid id, CancellationToken ct)
    {
        await using var events = c.Command("DELETE FROM person_events WHERE person_id = @id AND workspace_id = @ws", tx)
            .With("@id", PeopleStore.IdText(id)).With("@ws", ws);
        await events.ExecuteNonQueryAsync(ct);
        await using var person = c.Command("DELETE FROM people WHERE id = @id AND workspace_id = @ws", tx)
            .With("@id", PeopleStore.IdText(id)).With("@ws", ws);
        return await person.ExecuteNonQueryAsync(ct) > 0;
    }

    const string InsertEventSql = """
        INSERT INTO person_events (id, workspace_id, person_id, anonymous_id, name, properties, timestamp)
        VALUES (@id, @ws, @pid, @anon, @name, @props, @ts)
        """;

    public async Task RecordImportBatchAsync(ImportBatchRecord batch, CancellationToken ct)
    {
        await using (var progress = c.Command("""
            UPDATE imports SET rows_done = @rows, line_reached = @line, created_count = created_count + @created,
              updated_count = updated_count + @updated, failed_count = failed_count + @failed
            WHERE id = @id AND owner = @owner AND rows_done = @previous
            """, tx).With("@rows", batch.RowsDone).With("@previous", batch.PreviousRowsDone).With("@line", batch.LineReached).With("@created", batch.Created)
            .With("@updated", batch.Updated).With("@failed", batch.FailedCount).With("@id", batch.ImportId).With("@owner", batch.Owner))
            if (await progress.ExecuteNonQueryAsync(ct) == 0) throw new Flameup.Admin.Core.Import.ImportLeaseLostException(batch.ImportId);
        if (batch.StoredFailures.Count == 0) return;
        await using var insert = c.Command("INSERT INTO import_failures (import_id, line, reason, data) VALUES (@id, @line, @reason, @data)", tx);
        insert.Parameters.AddWithValue("@id", batch.ImportId);
        var line = insert.Parameters.Add("@line", SqliteType.Integer);
        var reason = insert.Parameters.Add("@reason", SqliteType.Text);
        var data = insert.Parameters.Add("@data", SqliteType.Text);
        foreach (var f in batch.StoredFailures)
        {
            line.Value = f.Line;
            reason.Value = f.Reason;
            data.Value = (object?)f.Data ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    SqliteCommand Prepare(string sql, params string[] names)
    {
        var cmd = c.Command(sql, tx);
        foreach (var n in names) cmd.Parameters.Add(new SqliteParameter(n, null));
        cmd.Prepare();
        return cmd;
    }

    public void Dispose()
    {
        _insert?.Dispose();
        foreach (var update in _updates.Values) update.Dispose();
        _event?.Dispose();
    }
}
