using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Flameup.Admin.Bench;

/// <summary>
/// The read floors on PostgreSQL, raw Npgsql with the SQL of the product's PgPeopleStore (same statements, same indexes):
/// one pooled data source with automatic preparation as the product's PgDatabase sets it, one command per request,
/// Utf8JsonWriter — no auth, no domain.
/// </summary>
public static class NpgsqlFloorEndpoints
{
    const string Columns = "p.pk, p.id, p.workspace_id, p.user_id, p.email, p.status, p.traits::text, p.created_at, p.updated_at";

    public static void Map(WebApplication app, string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        app.Lifetime.ApplicationStopped.Register(source.Dispose);

        // GET person: the product's statement, by (workspace_id, id) through ux_people_ws_id.
        app.MapGet("/raw/people/{id:guid}", async (Guid id, string ws, HttpContext http) =>
        {
            await using var c = await source.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand($"SELECT {Columns} FROM people p WHERE p.workspace_id = @ws AND p.id = @id", c);
            cmd.Parameters.AddWithValue("ws", ws);
            cmd.Parameters.AddWithValue("id", id);
            await using var r = await cmd.ExecuteReaderAsync();
            if (!await r.ReadAsync()) { http.Response.StatusCode = 404; return; }
            http.Response.ContentType = "application/json";
            var buffer = new MemoryStream(1024);
            await using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("id", r.GetGuid(1));
                w.WriteString("workspace_id", r.GetString(2));
                w.WriteString("userId", r.GetString(3));
                if (r.IsDBNull(4)) w.WriteNull("email"); else w.WriteString("email", r.GetString(4));
                w.WriteString("status", r.GetString(5));
                w.WritePropertyName("traits");
                w.WriteRawValue(r.GetString(6), skipInputValidation: true);
                w.WriteString("created_at", DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
                w.WriteString("updated_at", DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
                w.WriteEndObject();
            }
            http.Response.ContentLength = buffer.Length;
            await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        });

        // A deep page: the product's list statement for an unfiltered created_at page at offset >= 10,000
        // (PgPeopleStore.DeepPageCommand): a running sum over the hour counters finds the hour where the offset falls,
        // then the page's ids from ix_people_ws_created alone, from that hour's boundary on, then their rows.
        app.MapGet("/raw/page", async (string ws, int offset, HttpContext http) =>
        {
            await using var c = await source.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand($"""
                WITH start AS (
                  SELECT hour, running - n AS before FROM (
                    SELECT hour, n, sum(n::integer) OVER (ORDER BY hour DESC) AS running FROM (
                      SELECT hour, sum(n::integer) AS n FROM people_created_hours WHERE workspace_id = @ws GROUP BY hour ORDER BY hour DESC
                    ) h
                  ) w WHERE running > @offset ORDER BY hour DESC LIMIT 1
                )
                SELECT {Columns}, NULL::bigint AS total FROM (
                  SELECT p.id FROM people p WHERE p.workspace_id = @ws
                    AND p.created_at < coalesce((SELECT (hour + 1) * 3600000 FROM start), -9223372036854775808)
                  ORDER BY p.created_at DESC, p.id DESC LIMIT 50 OFFSET @offset - coalesce((SELECT before FROM start), 0)
                ) page JOIN people p ON p.workspace_id = @ws AND p.id = page.id ORDER BY p.created_at DESC, p.id DESC
                """, c);
            cmd.Parameters.AddWithValue("ws", ws);
            cmd.Parameters.AddWithValue("offset", (long)offset);
            await using var r = await cmd.ExecuteReaderAsync();
            http.Response.ContentType = "application/json";
            var buffer = new MemoryStream(32 * 1024);
            await using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartArray("people");
                while (await r.ReadAsync())
                {
                    w.WriteStartObject();
                    w.WriteString("id", r.GetGuid(1));
                    w.WriteString("userId", r.GetString(3));
                    if (r.IsDBNull(4)) w.WriteNull("email"); else w.WriteString("email", r.GetString(4));
                    w.WriteString("status", r.GetString(5));
                    w.WritePropertyName("traits");
                    w.WriteRawValue(r.GetString(6), skipInputValidation: true);
                    w.WriteNumber("created_at", r.GetInt64(7));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            http.Response.ContentLength = buffer.Length;
            await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        });

        // A ~1 % substring search with its total, as the product runs it: the hits of the trigram index on the narrow
        // people_search table first (the OFFSET 0 fence), counted in the same pass, and the newest 50 of them (ids only).
        app.MapGet("/raw/search", async (string ws, string q, HttpContext http) =>
        {
            var like = "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            await using var c = await source.OpenConnectionAsync();
            await using var page = new NpgsqlCommand("""
                SELECT p.id, count(*) OVER () FROM (SELECT s.workspace_id, s.id, s.created_at FROM people_search s WHERE s.workspace_id = @ws AND s.search LIKE lower(@like) OFFSET 0) p
                WHERE p.workspace_id = @ws ORDER BY p.created_at DESC, p.id DESC LIMIT 50
                """, c);
            page.Parameters.AddWithValue("ws", ws);
            page.Parameters.AddWithValue("like", like);
            var ids = new List<Guid>();
            long total = 0;
            await using (var r = await page.ExecuteReaderAsync())
                while (await r.ReadAsync())
                {
                    ids.Add(r.GetGuid(0));
                    total = r.GetInt64(1);
                }
            return Results.Json(new { total, ids });
        });
    }
}
