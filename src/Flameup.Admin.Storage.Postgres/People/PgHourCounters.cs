using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// people_created_hours: people per (workspace, hour of created_at), in slots like people_counts. Written by the same
/// transaction as the people it counts, so any one statement sees rows and counters alike (see the deep page in
/// <see cref="PgPeopleStore"/>).
/// </summary>
internal static class PgHourCounters
{
    public const long HourMs = 3_600_000;

    /// <summary>The hour a created_at (unix ms, never negative) counts in: created_at / 3600000, as in SQL.</summary>
    public static long HourOf(long createdAtMs) => createdAtMs / HourMs;

    public static void Add(SortedDictionary<(string Ws, long Hour), long> hours, string ws, long createdAtMs, long delta)
    {
        var key = (ws, HourOf(createdAtMs));
        hours[key] = hours.GetValueOrDefault(key) + delta;
    }

    /// <summary>The net change per (workspace, hour), added to this transaction's slot in key order; null when none.</summary>
    public static NpgsqlBatchCommand? Command(SortedDictionary<(string Ws, long Hour), long> hours, short slot)
    {
        var changes = hours.Where(kv => kv.Value != 0).ToList();
        if (changes.Count == 0) return null;
        var cmd = new NpgsqlBatchCommand("""
            INSERT INTO people_created_hours (workspace_id, hour, slot, n)
            SELECT ws, h, @slot, d FROM unnest(@ws, @h, @d) AS x(ws, h, d) ORDER BY ws, h
            ON CONFLICT (workspace_id, hour, slot) DO UPDATE SET n = people_created_hours.n + excluded.n
            """);
        cmd.Parameters.Add(new NpgsqlParameter("slot", NpgsqlDbType.Smallint) { Value = slot });
        cmd.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changes.Select(kv => kv.Key.Ws).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changes.Select(kv => kv.Key.Hour).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = changes.Select(kv => kv.Value).ToArray() });
        return cmd;
    }
}
