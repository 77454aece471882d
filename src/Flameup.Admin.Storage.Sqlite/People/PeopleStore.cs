using System.Text;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Microsoft.Data.Sqlite;

using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Storage.Sqlite;

/// <summary>
/// The read side of people in SQL (SQLite). Lists page through a covering index first and fetch
/// only the rows of the page; search is driven by the trigram index; totals without a search or date
/// filter come from the status counters.
/// </summary>
internal static class PeopleStore
{
    public const string Columns = "p.pk, p.id, p.workspace_id, p.user_id, p.email, p.status, p.traits, p.created_at, p.updated_at";

    public static Person Read(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetNullableString(4), r.GetString(5), r.GetString(6),
        Timestamps.FromMs(r.GetInt64(7)), Timestamps.FromMs(r.GetInt64(8))) { Pk = r.GetInt64(0) };

    public static string IdText(Guid id) => id.ToString("D");

    public static async Task<Person?> GetAsync(SqliteConnection c, string ws, Guid id, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var cmd = c.Command($"SELECT {Columns} FROM people p WHERE p.id = @id AND p.workspace_id = @ws", tx)
            .With("@id", IdText(id)).With("@ws", ws);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    public static async Task<List<Person>> ReadAllAsync(SqliteCommand cmd, CancellationToken ct)
    {
        var list = new List<Person>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    /// <summary>True when the text can use the trigram index (three characters or more).</summary>
    public static bool UsesTrigramIndex(string search) => search.EnumerateRunes().Count() >= 3;

    /// <summary>An FTS5 query matching the text as one substring.</summary>
    public static string TrigramPhrase(string search) => "\"" + search.Replace("\"", "\"\"") + "\"";


    /// <summary>The substring search condition on rows of <c>p</c>, for text too short for the trigram index.</summary>
    const string LikeCondition =
        "(p.user_id LIKE @like ESCAPE '\\' OR p.email LIKE @like ESCAPE '\\' OR " +
        "trim(coalesce(json_extract(p.traits,'$.first_name'),'') || ' ' || coalesce(json_extract(p.traits,'$.last_name'),'')) LIKE @like ESCAPE '\\' OR " +
        "json_extract(p.traits,'$.name') LIKE @like ESCAPE '\\')";

    /// <summary>FROM clause and conditions shared by the list, its count and the search endpoint.</summary>
    internal sealed class Filter
    {
        public readonly StringBuilder Where = new("p.workspace_id = @ws");
        public string From = "people p";
        public readonly List<(string, object?)> Parameters = [];

        public void Add(string condition, string name, object? value)
        {
            Where.Append(" AND ").Append(condition);
            Parameters.Add((name, value));
        }

        public void AddSearch(string search)
        {
            if (UsesTrigramIndex(search))
            {
                // CROSS JOIN keeps the index hits as the outer loop, so a rare term never walks all people.
                From = "(SELECT rowid AS pk FROM people_fts WHERE people_fts MATCH @match) f CROSS JOIN people p ON p.pk = f.pk";
                Parameters.Add(("@match", TrigramPhrase(search)));
            }
            else
            {
                Where.Append(" AND ").Append(LikeCondition);
                Parameters.Add(("@like", SearchText.LikePattern(search)));
            }
        }

        public SqliteCommand Command(SqliteConnection c, string sql, string ws)
        {
            var cmd = c.Command(sql).With("@ws", ws);
            foreach (var (name, value) in Parameters) cmd.With(name, value);
            return cmd;
        }
    }

    internal static string OrderBy(PeopleSort sort) => sort switch
    {
        PeopleSort.CreatedAsc => "p.created_at ASC, p.id ASC",
        PeopleSort.CreatedDesc => "p.created_at DESC, p.id DESC",
        PeopleSort.UpdatedAsc => "p.updated_at ASC, p.id ASC",
        PeopleSort.UpdatedDesc => "p.updated_at DESC, p.id DESC",
        PeopleSort.EmailAsc => "p.email ASC, p.id ASC",
        PeopleSort.EmailDesc => "p.email DESC, p.id DESC",
        _ => throw new ArgumentOutOfRangeException(nameof(sort)),
    };

    internal static Filter BuildFilter(PeopleQuery q)
    {
        var f = new Filter();
        if (q.Status is not null) f.Add("p.status = @status", "@status", q.Status);
        if (q.CreatedSince is { } cs) f.Add("p.created_at >= @cs", "@cs", Timestamps.ToMs(cs));
        if (q.UpdatedSince is { } us) f.Add("p.updated_at >= @us", "@us", Timestamps.ToMs(us));
        if (!string.IsNullOrEmpty(q.Search)) f.AddSearch(q.Search);
        return f;
    }

    /// <summary>True when the total is counted by query; without search or date filters it comes from the status counters.</summary>
    static bool CountsByQuery(PeopleQuery q) => !string.IsNullOrEmpty(q.Search) || q.CreatedSince is not null || q.UpdatedSince is not null;

    /// <summary>
    /// The page's rows. When the total has to be counted by query, the page query counts it in the same
    /// pass (a window over the matching index entries), so a search walks its hits once, not twice.
    /// </summary>
    internal static SqliteCommand ListCommand(SqliteConnection c, string ws, PeopleQuery q)
    {
        var f = BuildFilter(q);
        var order = OrderBy(q.Sort);
        var total = CountsByQuery(q) ? ", count(*) OVER () AS total" : ", NULL AS total";
        // Page through the index alone, then read the page's rows: deep offsets skip index entries, not rows.
        var sql = $"""
            SELECT {Columns}, page.total FROM (
              SELECT p.pk{total} FROM {f.From} WHERE {f.Where} ORDER BY {order} LIMIT @limit OFFSET @offset
            ) page JOIN people p ON p.pk = page.pk ORDER BY {order}
            """;
        return f.Command(c, sql, ws).With("@limit", q.Limit).With("@offset", q.Offset);
    }

    internal static SqliteCommand CountCommand(SqliteConnection c, string ws, PeopleQuery q)
    {
        if (!CountsByQuery(q))
            return c.Command("SELECT coalesce(sum(n), 0) FROM people_counts WHERE workspace_id = @ws AND (@status IS NULL OR status = @status)")
                .With("@ws", ws).With("@status", q.Status);
        var f = BuildFilter(q);
        return f.Command(c, $"SELECT count(*) FROM {f.From} WHERE {f.Where}", ws);
    }

    /// <summary>A page and the total of all matches (API.md GET /people).</summary>
    public static async Task<(List<Person> People, long Total)> ListPageAsync(SqliteConnection c, string ws, PeopleQuery q, CancellationToken ct)
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
        await using var count = CountCommand(c, ws, q);
        return (people, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    public static async Task<long> CountAsync(SqliteConnection c, string ws, PeopleQuery q, CancellationToken ct)
    {
        await using var cmd = CountCommand(c, ws, q);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    internal static SqliteCommand SearchCommand(SqliteConnection c, string ws, PeopleSearch s)
    {
        var f = new Filter();
        if (!string.IsNullOrEmpty(s.UserId)) f.Add("p.user_id = @uid", "@uid", s.UserId);
        if (!string.IsNullOrEmpty(s.Email)) f.Add("p.email = @email", "@email", s.Email);
        var exact = f.Parameters.Count > 0;
        if (!string.IsNullOrEmpty(s.Q))
        {
            if (exact) // an exact criterion already narrows to a few rows: check the text on them
            {
                f.Where.Append(" AND ").Append(LikeCondition);
                f.Parameters.Add(("@like", SearchText.LikePattern(s.Q)));
            }
            else f.AddSearch(s.Q);
        }
        // With an exact criterion, the unary + keeps the planner on the email/userId index (then sorts the
        // few hits) instead of walking the created_at index in order until it meets them.
        var order = exact ? "+p.created_at DESC, +p.id DESC" : "p.created_at DESC, p.id DESC";
        return f.Command(c, $"SELECT {Columns} FROM {f.From} WHERE {f.Where} ORDER BY {order} LIMIT @limit", ws)
            .With("@limit", s.Limit);
    }

    public static async Task<List<Person>> SearchAsync(SqliteConnection c, string ws, PeopleSearch s, CancellationToken ct)
    {
        await using var cmd = SearchCommand(c, ws, s);
        return await ReadAllAsync(cmd, ct);
    }

    public const string EventColumns = "id, person_id, name, properties, timestamp";

    public static PersonEvent ReadEvent(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.IsDBNull(1) ? null : Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3),
        Timestamps.FromMs(r.GetInt64(4)));
}
