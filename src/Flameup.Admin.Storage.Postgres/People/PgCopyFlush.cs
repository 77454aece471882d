using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// The bulk side of <see cref="PgWriteSession.FlushAsync"/>: a flush of more than <see cref="MinPeople"/> people (an
/// import's batch, demo seeding) sends its rows by binary COPY instead of as bound arrays. Arrays are one round trip,
/// best for the API's small writes; for thousands of rows binary COPY is cheaper on both sides (no array to build,
/// bind and unnest). New people are copied straight into people (<see cref="TryCopyNewAsync"/>): such a flush holds its
/// workspace's exclusive lock and looked its people up under it, so no product writer can have taken one of their userIds;
/// only a writer outside the product can, and then the copy fails on the unique index, is rolled back to its savepoint,
/// and the rows go the staged way instead: into a staging table and from it with the same
/// <c>ON CONFLICT (workspace_id, user_id) DO NOTHING</c> as the small path (the caller keeps its RecordsAffected check,
/// so the caller sees the same conflict as before). Updates are copied into a second staging table and applied with
/// <c>UPDATE … FROM</c>; events, which have no conflict to guard, are copied straight into person_events.
/// <para>The staging tables are temporary, made per flush and dropped by the same batch that reads them (and
/// <c>ON COMMIT DROP</c> in case it never runs): a pooled connection may be reset (DISCARD ALL) between uses, so
/// nothing is kept on it, and two flushes in one transaction each get fresh ones.</para>
/// </summary>
internal static class PgCopyFlush
{
    /// <summary>Above this many people a flush goes through COPY; the API's batches (at most 100) keep the one-round-trip path.</summary>
    public const int MinPeople = PgWriteSession.MaxKeyLocks;

    public static bool Wanted(int people) => people > MinPeople;

    const string CopySavepoint = "flameup_copy_people";

    /// <summary>
    /// Copies new people straight into people inside a savepoint; the number of rows written. A unique violation (a
    /// userId or id taken by a writer outside the product, which skips the advisory locks) rolls back to the savepoint
    /// and answers null: the caller then stages them (<see cref="StageAsync"/>) and inserts with <c>ON CONFLICT DO
    /// NOTHING</c> as before, which reports the conflict the way it always has. Any other error propagates (the
    /// transaction is lost anyway). COPY fires the table's statement triggers (with their transition tables) as an
    /// INSERT does, so nothing here depends on there being none; a row a BEFORE trigger skips leaves the count short, which
    /// the caller treats like the staged insert's RecordsAffected.
    /// </summary>
    public static async Task<ulong?> TryCopyNewAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<PersonState> inserts, CancellationToken ct)
    {
        await tx.SaveAsync(CopySavepoint, ct);
        ulong copied;
        try
        {
            copied = await CopyPeopleAsync(c,
                "COPY people (id, workspace_id, user_id, email, status, traits, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
                inserts, withCreated: true, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync(CopySavepoint, ct);
            await tx.ReleaseAsync(CopySavepoint, ct);
            return null;
        }
        await tx.ReleaseAsync(CopySavepoint, ct);
        return copied;
    }

    /// <summary>
    /// Copies the rows to the server: new people (unless <see cref="TryCopyNewAsync"/> wrote them; pass none then) and
    /// updates into staging tables, events into person_events.
    /// The caller then runs <see cref="InsertFromStage"/>, <see cref="UpdateFromStage"/> and <see cref="DropStage"/>
    /// in its batch.
    /// </summary>
    public static async Task StageAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<PersonState> inserts,
        IReadOnlyList<PersonState> updates, IReadOnlyList<(string Ws, PersonEvent Event, string? AnonymousId)> events, CancellationToken ct)
    {
        var create = new List<string>();
        if (inserts.Count > 0)
            create.Add("""
                CREATE TEMP TABLE people_insert_stage (id uuid, workspace_id text, user_id text, email text, status text,
                  traits jsonb, created_at bigint, updated_at bigint) ON COMMIT DROP
                """);
        if (updates.Count > 0)
            create.Add("""
                CREATE TEMP TABLE people_update_stage (id uuid, workspace_id text, user_id text, email text, status text,
                  traits jsonb, updated_at bigint) ON COMMIT DROP
                """);
        if (create.Count > 0)
        {
            await using var batch = new NpgsqlBatch(c, tx);
            foreach (var sql in create) batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
            await batch.ExecuteNonQueryAsync(ct);
        }

        if (inserts.Count > 0)
            await CopyPeopleAsync(c, "COPY people_insert_stage (id, workspace_id, user_id, email, status, traits, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
                inserts, withCreated: true, ct);
        if (updates.Count > 0)
            await CopyPeopleAsync(c, "COPY people_update_stage (id, workspace_id, user_id, email, status, traits, updated_at) FROM STDIN (FORMAT BINARY)",
                updates, withCreated: false, ct);
        if (events.Count > 0)
        {
            await using var copy = await c.BeginBinaryImportAsync(
                "COPY person_events (workspace_id, id, person_id, anonymous_id, name, properties, timestamp) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (ws, e, anonymousId) in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(ws, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                if (e.PersonId is { } pid) await copy.WriteAsync(pid, NpgsqlDbType.Uuid, ct); else await copy.WriteNullAsync(ct);
                if (anonymousId is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(anonymousId, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.PropertiesJson, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(Timestamps.ToMs(e.Timestamp), NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
    }

    static async Task<ulong> CopyPeopleAsync(NpgsqlConnection c, string sql, IReadOnlyList<PersonState> people, bool withCreated, CancellationToken ct)
    {
        await using var copy = await c.BeginBinaryImportAsync(sql, ct);
        foreach (var p in people)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(p.WorkspaceId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.UserId, NpgsqlDbType.Text, ct);
            if (p.Email is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(p.Email, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Status, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.TraitsJson(), NpgsqlDbType.Jsonb, ct);
            if (withCreated) await copy.WriteAsync(Timestamps.ToMs(p.CreatedAt), NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(Timestamps.ToMs(p.UpdatedAt), NpgsqlDbType.Bigint, ct);
        }
        return await copy.CompleteAsync(ct);
    }

    /// <summary>The new people from the stage (after <see cref="TryCopyNewAsync"/> met a conflict); RecordsAffected short of their number means another writer took a userId.</summary>
    public static NpgsqlBatchCommand InsertFromStage() => new("""
        INSERT INTO people (id, workspace_id, user_id, email, status, traits, created_at, updated_at)
        SELECT id, workspace_id, user_id, email, status, traits, created_at, updated_at FROM people_insert_stage
        ON CONFLICT (workspace_id, user_id) DO NOTHING
        """);

    public static NpgsqlBatchCommand UpdateFromStage() => new("""
        UPDATE people p SET user_id = u.user_id, email = u.email, status = u.status, traits = u.traits, updated_at = u.updated_at
        FROM people_update_stage u WHERE p.workspace_id = u.workspace_id AND p.id = u.id
        """);

    /// <summary>Drops the staging tables made by <see cref="StageAsync"/>, so another flush in this transaction can make them again.</summary>
    public static NpgsqlBatchCommand DropStage() => new("DROP TABLE IF EXISTS people_insert_stage, people_update_stage");
}
