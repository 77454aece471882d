using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Flameup.Admin.Storage.Postgres;

/// <summary>
/// The read side of people in SQL (PostgreSQL), the same queries in meaning as SQLite's: lists page through an index
/// first and fetch only the page's rows; search is served by the trigram GIN index; totals without a search or date
/// filter come from the status counters.
/// </summary>
internal static class PgPeopleStore
{
    public const string Columns = "p.pk, p.id, p.workspace_id, p.user_id, p.email, p.status, p.traits::text, p.created_at, p.updated_at";

    public static Person Read(NpgsqlDataReader r) => new(
        r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetNullableString(4), r.GetString(5), CompactJson(r.GetString(6)),
        Timestamps.FromMs(r.GetInt64(7)), Timestamps.FromMs(r.GetInt64(8))) { Pk = r.GetInt64(0) };

    /// <summary>
    /// jsonb's text form with the blanks it puts after ':' and ',' taken out, so traits read the same as on SQLite
    /// (jsonb keeps no key order: keys come back shortest first, which JSON objects allow).
    /// </summary>
    public static string CompactJson(string jsonb)
    {
        if (!jsonb.Contains(' ')) return jsonb;
        var sb = new StringBuilder(jsonb.Length);
        var inString = false;
        for (var i = 0; i < jsonb.Length; i++)
        {
            var ch = jsonb[i];
            if (inString)
            {
                sb.Append(ch);
                if (ch == '\\') sb.Append(jsonb[++i]);
                else if (ch == '"') inString = false;
            }
            else if (ch == '"') { inString = true; sb.Append(ch); }
            else if (ch != ' ') sb.Append(ch);
        }
        return sb.ToString();
    }

    public static async Task<Person?> GetAsync(NpgsqlConnection c, string ws, Guid id, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        await using var cmd = c.Command($"SELECT {Columns} FROM people p WHERE p.workspace_id = @ws AND p.id = @id", tx)
            .With("ws", ws).With("id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    public static async Task<List<Person>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<Person>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }


    /// <summary>Case-insensitive email order and equality, in byte order as SQLite's NOCASE (served by ix_people_ws_email).</summary>
    public const string EmailKey = "(lower(p.email) COLLATE \"C\")";

    /// <summary>Conditions shared by the list, its count, the export and the search endpoint.</summary>
    internal sealed class Filter
    {
        public readonly StringBuilder Where = new("p.workspace_id = @ws");
        public string From = "people p";
        public readonly List<(string, NpgsqlDbType, object?)> Parameters = [];

        public void Add(string condition, string name, NpgsqlDbType type, object? value)
        {
            Where.Append(" AND ").Append(condition);
            Parameters.Add((name, type, value));
        }

        /// <summary>
        /// The search's hits from the narrow people_search table (its trigram index, then a recheck of ~120-byte rows;
        /// see the NarrowSearchTable migration). <paramref name="narrow"/>: the query needs only id, created_at and
        /// status, so it never touches people; otherwise each hit is joined to its row. OFFSET 0 keeps the planner from
        /// merging the subquery: otherwise it may walk the created_at index filtering row by row, which for a rare term
        /// reads every person.
        /// </summary>
        public void AddSearch(string search, bool narrow)
        {
            const string hits = "s.workspace_id = @ws AND s.search LIKE lower(@like)";
            From = narrow
                ? $"(SELECT s.workspace_id, s.id, s.created_at, s.status FROM people_search s WHERE {hits} OFFSET 0) p"
                : $"(SELECT p.* FROM people_search s JOIN people p ON p.workspace_id = s.workspace_id AND p.id = s.id WHERE {hits} OFFSET 0) p";
            Parameters.Add(("like", NpgsqlDbType.Text, SearchText.LikePattern(search)));
        }

        /// <summary>The search as a plain condition, for a query an exact criterion (email, userId) already narrows.</summary>
        public void AddSearchCondition(string search) => Add("p.search ILIKE @like", "like", NpgsqlDbType.Text, SearchText.LikePattern(search));

        public NpgsqlCommand Command(NpgsqlConnection c, string sql, string ws, NpgsqlTransaction? tx = null)
        {
            var cmd = c.Command(sql, tx).With("ws", ws);
            foreach (var (name, type, value) in Parameters) cmd.With(name, type, value);
            return cmd;
        }
    }

    internal static string OrderBy(PeopleSort sort) => sort switch
    {
        PeopleSort.CreatedAsc => "p.created_at ASC, p.id ASC",
        PeopleSort.CreatedDesc => "p.created_at DESC, p.id DESC",
        PeopleSort.UpdatedAsc => "p.updated_at ASC, p.id ASC",
        PeopleSort.UpdatedDesc => "p.updated_at DESC, p.id DESC",
        // SQLite puts a missing email first going up and last going down; so does this (and the index has that order).
        PeopleSort.EmailAsc => $"{EmailKey} ASC NULLS FIRST, p.id ASC",
        PeopleSort.EmailDesc => $"{EmailKey} DESC NULLS LAST, p.id DESC",
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };

    /// <summary>
    /// The query's conditions. <paramref name="forPage"/>: the caller reads only the ids of the matches (a page's keys,
    /// or a count), so a search in created_at order without an updated_at condition is answered from people_search alone.
    /// </summary>
    internal static Filter BuildFilter(PeopleQuery q, bool forPage = false)
    {
        var f = new Filter();
        if (q.Status is not null) f.Add("p.status = @status", "status", NpgsqlDbType.Text, q.Status);
        if (q.CreatedSince is { } cs) f.Add("p.created_at >= @cs", "cs", NpgsqlDbType.Bigint, Timestamps.ToMs(cs));
        if (q.UpdatedSince is { } us) f.Add("p.updated_at >= @us", "us", NpgsqlDbType.Bigint, Timestamps.ToMs(us));
        if (!string.IsNullOrEmpty(q.Search))
            f.AddSearch(q.Search, narrow: forPage && q.UpdatedSince is null
                && q.Sort is PeopleSort.CreatedDesc or PeopleSort.CreatedAsc);
        return f;
    }

    /// <summary>True when the total is counted by query; without search or date filters it comes from the status counters.</summary>
    static bool CountsByQuery(PeopleQuery q) => !string.IsNullOrEmpty(q.Search) || q.CreatedSince is not null || q.UpdatedSince is not null;

    /// <summary>
    /// The page's rows: the page's ids from the index alone (deep offsets skip index entries, not rows), then their rows.
    /// When the total has to be counted by query, the page query counts it in the same pass over the matches.
    /// </summary>
    internal static NpgsqlCommand ListCommand(NpgsqlConnection c, string ws, PeopleQuery q, bool withTotal = true)
    {
        if (SkipsHours(q)) return DeepPageCommand(c, ws, q);
        var f = BuildFilter(q, forPage: true);
        var order = OrderBy(q.Sort);
        var total = withTotal && CountsByQuery(q) ? "count(*) OVER ()" : "NULL::bigint";
        var sql = $"""
            SELECT {Columns}, page.total FROM (
              SELECT p.id, {total} AS total FROM {f.From} WHERE {f.Where} ORDER BY {order} LIMIT @limit OFFSET @offset
            ) page JOIN people p ON p.workspace_id = @ws AND p.id = page.id ORDER BY {order}
            """;
        return f.Command(c, sql, ws).With("limit", q.Limit).With("offset", q.Offset);
    }

    /// <summary>From this offset on, an unfiltered page in created_at order skips whole hours by their counters.</summary>
    public const int HourSkipOffset = 10_000;

    /// <summary>An unfiltered list in created_at order, deep enough for skipping hours to beat stepping over index entries.</summary>
    internal static bool SkipsHours(PeopleQuery q) =>
        q.Offset >= HourSkipOffset && (q.Sort is PeopleSort.CreatedDesc or PeopleSort.CreatedAsc)
        && q.Status is null && string.IsNullOrEmpty(q.Search) && q.CreatedSince is null && q.UpdatedSince is null;

    /// <summary>
    /// A deep page of the created_at order in one statement: a running sum over the workspace's hour counters (in the
    /// page's order, stopping at the hour where the offset falls) gives that hour's boundary and how many people come
    /// before it; the index is scanned only from that boundary, skipping the rest of the offset. Exact because people
    /// with one created_at share an hour, and consistent under concurrent writes because the counters are written in the
    /// transaction of the rows they count and one statement reads both from one snapshot. Past the end: no hour, no rows.
    /// Per-hour sums are int (people created in one hour), so the running sum is a bigint, not a numeric.
    /// </summary>
    internal static NpgsqlCommand DeepPageCommand(NpgsqlConnection c, string ws, PeopleQuery q)
    {
        var desc = q.Sort == PeopleSort.CreatedDesc;
        var dir = desc ? "DESC" : "ASC";
        var order = OrderBy(q.Sort);
        // Descending: the hour's rows and older, below the start of the next hour; ascending: from the hour's start on.
        var bound = desc
            ? "p.created_at < coalesce((SELECT (hour + 1) * 3600000 FROM start), -9223372036854775808)"
            : "p.created_at >= coalesce((SELECT hour * 3600000 FROM start), 9223372036854775807)";
        var sql = $"""
            WITH start AS (
              SELECT hour, running - n AS before FROM (
                SELECT hour, n, sum(n::integer) OVER (ORDER BY hour {dir}) AS running FROM (
                  SELECT hour, sum(n::integer) AS n FROM people_created_hours WHERE workspace_id = @ws GROUP BY hour ORDER BY hour {dir}
                ) h
              ) w WHERE running > @offset ORDER BY hour {dir} LIMIT 1
            )
            SELECT {Columns}, NULL::bigint AS total FROM (
              SELECT p.id FROM people p WHERE p.workspace_id = @ws AND {bound}
              ORDER BY {order} LIMIT @limit OFFSET @offset - coalesce((SELECT before FROM start), 0)
            ) page JOIN people p ON p.workspace_id = @ws AND p.id = page.id ORDER BY {order}
            """;
        return c.Command(sql).With("ws", ws).With("limit", q.Limit).With("offset", (long)q.Offset);
    }

    internal static NpgsqlCommand CountCommand(NpgsqlConnection c, string ws, PeopleQuery q)
    {
        if (!CountsByQuery(q))
            return c.Command("SELECT coalesce(sum(n), 0)::bigint FROM people_counts WHERE workspace_id = @ws AND (@status::text IS NULL OR status = @status)")
                .With("ws", ws).With("status", NpgsqlDbType.Text, q.Status);
        var f = BuildFilter(q with { Sort = PeopleSort.CreatedDesc }, forPage: true); // the order does not change a count
        return f.Command(c, $"SELECT count(*) FROM {f.From} WHERE {f.Where}", ws);
    }

    /// <summary>A page and the total of all matches (API.md GET /people).</summary>
    public static async Task<(List<Person> People, long Total)> ListPageAsync(NpgsqlConnection c, string ws, PeopleQuery q, CancellationToken ct)
    {
        var people = new List<Person>();
        long? total = null;
        await using (var cmd = ListCommand(c, ws, q))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                people.Add(Read(r));
                if (!r.IsDBNull(9)) total = r.GetInt64(9);
            }
        }
        if ((PageTotal.FromPage(q.Offset, q.Limit, people.Count) ?? total) is { } known) return (people, known);
        return (people, await CountAsync(c, ws, q, ct));
    }

    public static async Task<long> CountAsync(NpgsqlConnection c, string ws, PeopleQuery q, CancellationToken ct)
    {
        await using var cmd = CountCommand(c, ws, q);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    internal static NpgsqlCommand SearchCommand(NpgsqlConnection c, string ws, PeopleSearch s)
    {
        var f = new Filter();
        if (!string.IsNullOrEmpty(s.UserId)) f.Add("p.user_id = @uid", "uid", NpgsqlDbType.Text, s.UserId);
        if (!string.IsNullOrEmpty(s.Email)) f.Add($"{EmailKey} = (lower(@email) COLLATE \"C\")", "email", NpgsqlDbType.Text, s.Email);
        if (!string.IsNullOrEmpty(s.Q))
        {
            // The text alone is a list page of its newest matches; with an exact criterion, a condition on those few rows.
            if (f.Parameters.Count == 0)
                return ListCommand(c, ws, new PeopleQuery { Search = s.Q, Limit = s.Limit, Sort = PeopleSort.CreatedDesc }, withTotal: false);
            f.AddSearchCondition(s.Q);
        }
        return f.Command(c, $"SELECT {Columns} FROM {f.From} WHERE {f.Where} ORDER BY p.created_at DESC, p.id DESC LIMIT @limit", ws)
            .With("limit", s.Limit);
    }

    public static async Task<List<Person>> SearchAsync(NpgsqlConnection c, string ws, PeopleSearch s, CancellationToken ct)
    {
        await using var cmd = SearchCommand(c, ws, s);
        return await ReadAllAsync(cmd, ct);
    }

    public const string EventColumns = "id, person_id, name, properties, timestamp";

    public static PersonEvent ReadEvent(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetString(2), r.GetString(3), Timestamps.FromMs(r.GetInt64(4)));
}
