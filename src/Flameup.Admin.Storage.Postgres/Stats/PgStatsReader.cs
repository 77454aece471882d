namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// Statistics from PostgreSQL: status counts summed over the counter slots the writers keep exact; "recent" and people
/// created per day from the hourly creation counters (people_created_hours, kept exact the same way), with a partial
/// first hour counted by index; events per day as index range scans; trait keys over a sample of the newest people.
/// </summary>
internal sealed class PgStatsReader(PgDatabase db) : IStatsReader
{
    const long DayMs = 86_400_000;

    public async Task<StatusCounts> StatusCountsAsync(string ws, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        long active = 0, unsubscribed = 0, bounced = 0;
        await using var cmd = c.Command("SELECT status, sum(n)::bigint FROM people_counts WHERE workspace_id = @ws GROUP BY status").With("ws", ws);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var n = r.GetInt64(1);
            switch (r.GetString(0))
            {
                case PersonStatus.Active: active = n; break;
                case PersonStatus.Unsubscribed: unsubscribed = n; break;
                case PersonStatus.Bounced: bounced = n; break;
            }
        }
        return new StatusCounts(active, unsubscribed, bounced);
    }

    public async Task<long> CreatedSinceAsync(string ws, DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // Whole hours after the one `since` falls in from their counters; that first, partial hour by index.
        await using var cmd = c.Command("""
            SELECT coalesce((SELECT sum(n) FROM people_created_hours WHERE workspace_id = @ws AND hour > @since / 3600000), 0)::bigint
                 + (SELECT count(*) FROM people WHERE workspace_id = @ws AND created_at >= @since AND created_at < (@since / 3600000 + 1) * 3600000)
            """).With("ws", ws).With("since", since.ToUnixTimeMilliseconds());
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<long[]> CountPerDayAsync(string ws, DailySeries series, DateTimeOffset from, int days, CancellationToken ct)
    {
        var counts = new long[days];
        if (days == 0) return counts;
        var (table, column) = series == DailySeries.Events ? ("person_events", "timestamp") : ("people", "created_at");
        var fromMs = from.ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        if (series == DailySeries.PeopleCreated && fromMs >= 0 && fromMs % PgHourCounters.HourMs == 0)
        {
            // Days that start on an hour are whole hours: summed from the counters, not counted row by row.
            var fromHour = fromMs / PgHourCounters.HourMs;
            await using var hours = c.Command("""
                SELECT ((hour - @from) / 24)::int AS day, sum(n)::bigint FROM people_created_hours
                WHERE workspace_id = @ws AND hour >= @from AND hour < @to GROUP BY 1
                """).With("ws", ws).With("from", fromHour).With("to", fromHour + days * 24L);
            await using var hr = await hours.ExecuteReaderAsync(ct);
            while (await hr.ReadAsync(ct)) counts[hr.GetInt32(0)] = hr.GetInt64(1);
            return counts;
        }
        await using var cmd = c.Command($"""
            SELECT (({column} - @from) / {DayMs})::int AS day, count(*) FROM {table}
            WHERE workspace_id = @ws AND {column} >= @from AND {column} < @to GROUP BY 1
            """).With("ws", ws).With("from", fromMs).With("to", fromMs + days * DayMs);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetInt32(0)] = r.GetInt64(1);
        return counts;
    }

    public async Task<TraitKeyRanking> TopTraitKeysAsync(string ws, int sample, int top, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var cmd = c.Command("""
            WITH sample AS MATERIALIZED (SELECT traits FROM people WHERE workspace_id = @ws ORDER BY created_at DESC LIMIT @limit)
            SELECT (SELECT count(*) FROM sample)::int, k, count(*) AS n
            FROM sample CROSS JOIN jsonb_object_keys(sample.traits) AS k
            GROUP BY k ORDER BY n DESC, k COLLATE "C" LIMIT @top
            """).With("ws", ws).With("limit", sample).With("top", top);
        var keys = new List<TraitKeyCount>();
        var sampleSize = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            sampleSize = r.GetInt32(0);
            keys.Add(new TraitKeyCount(r.GetString(1), r.GetInt64(2)));
        }
        return new TraitKeyRanking(keys, sampleSize);
    }
}
