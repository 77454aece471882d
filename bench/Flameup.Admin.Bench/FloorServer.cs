using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Flameup.Admin.Bench;

/// <summary>
/// The floors for the HTTP scenarios, as their own Kestrel process: a constant JSON object, and a person
/// read by primary key with raw Microsoft.Data.Sqlite (pooled connection, one command, Utf8JsonWriter) —
/// no auth, no domain, nothing but the work itself. On PostgreSQL the same endpoints are raw Npgsql
/// (<see cref="NpgsqlFloorEndpoints"/>).
/// </summary>
public static class FloorServer
{
    static readonly byte[] Constant = """{"id":"0190d0c4-8f6e-7c3a-9b1e-1c2d3e4f5a6b","status":"active","ok":true}"""u8.ToArray();

    /// <summary>The floors on the SQLite database file <paramref name="dbPath"/>.</summary>
    public static Task RunAsync(string dbPath, string urls) => RunAsync(urls, app => MapSqlite(app, dbPath));

    /// <summary>The floors on the PostgreSQL database of <paramref name="connectionString"/> (<see cref="NpgsqlFloorEndpoints"/>).</summary>
    public static Task RunPostgresAsync(string connectionString, string urls) => RunAsync(urls, app => NpgsqlFloorEndpoints.Map(app, connectionString));

    static async Task RunAsync(string urls, Action<WebApplication> mapFloors)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();

        app.MapGet("/const", (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = Constant.Length;
            return http.Response.Body.WriteAsync(Constant).AsTask();
        });
        mapFloors(app);
        app.MapGet("/ready", () => "ok");
        await app.RunAsync();
    }

    static void MapSqlite(WebApplication app, string dbPath)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = true, Mode = SqliteOpenMode.ReadWrite }.ToString();

        app.MapGet("/raw/people/{pk:long}", async (long pk, HttpContext http) =>
        {
            await using var c = new SqliteConnection(connectionString);
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id, workspace_id, user_id, email, status, traits, created_at, updated_at FROM people WHERE pk = @pk";
            cmd.Parameters.AddWithValue("@pk", pk);
            await using var r = await cmd.ExecuteReaderAsync();
            if (!await r.ReadAsync()) { http.Response.StatusCode = 404; return; }
            http.Response.ContentType = "application/json";
            var buffer = new MemoryStream(1024);
            await using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("id", r.GetString(0));
                w.WriteString("workspace_id", r.GetString(1));
                w.WriteString("userId", r.GetString(2));
                if (r.IsDBNull(3)) w.WriteNull("email"); else w.WriteString("email", r.GetString(3));
                w.WriteString("status", r.GetString(4));
                w.WritePropertyName("traits");
                w.WriteRawValue(r.GetString(5), skipInputValidation: true);
                w.WriteString("created_at", DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
                w.WriteString("updated_at", DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
                w.WriteEndObject();
            }
            http.Response.ContentLength = buffer.Length;
            await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        });

        // A deep page the way raw SQL does it best: OFFSET over the covering index, then the page's rows.
        app.MapGet("/raw/page", async (string ws, int offset, HttpContext http) =>
        {
            await using var c = new SqliteConnection(connectionString);
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = """
                SELECT p.id, p.user_id, p.email, p.status, p.traits, p.created_at FROM (
                  SELECT pk FROM people WHERE workspace_id = @ws ORDER BY created_at DESC, id DESC LIMIT 50 OFFSET @offset
                ) page JOIN people p ON p.pk = page.pk ORDER BY p.created_at DESC, p.id DESC
                """;
            cmd.Parameters.AddWithValue("@ws", ws);
            cmd.Parameters.AddWithValue("@offset", offset);
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
                    w.WriteString("id", r.GetString(0));
                    w.WriteString("userId", r.GetString(1));
                    if (r.IsDBNull(2)) w.WriteNull("email"); else w.WriteString("email", r.GetString(2));
                    w.WriteString("status", r.GetString(3));
                    w.WritePropertyName("traits");
                    w.WriteRawValue(r.GetString(4), skipInputValidation: true);
                    w.WriteNumber("created_at", r.GetInt64(5));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            http.Response.ContentLength = buffer.Length;
            await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        });

        // The least a ~1 % substring search with its total can do here: count the trigram index's hits in the
        // workspace and read the newest 50 of them (no JSON beyond ids).
        app.MapGet("/raw/search", async (string ws, string q, HttpContext http) =>
        {
            await using var c = new SqliteConnection(connectionString);
            await c.OpenAsync();
            await using var count = c.CreateCommand();
            count.CommandText = """
                SELECT count(*) FROM (SELECT rowid AS pk FROM people_fts WHERE people_fts MATCH @q) f
                CROSS JOIN people p ON p.pk = f.pk WHERE p.workspace_id = @ws
                """;
            count.Parameters.AddWithValue("@q", "\"" + q + "\"");
            count.Parameters.AddWithValue("@ws", ws);
            var total = (long)(await count.ExecuteScalarAsync())!;
            await using var page = c.CreateCommand();
            page.CommandText = """
                SELECT p.id FROM (SELECT rowid AS pk FROM people_fts WHERE people_fts MATCH @q) f
                CROSS JOIN people p ON p.pk = f.pk WHERE p.workspace_id = @ws ORDER BY p.created_at DESC, p.id DESC LIMIT 50
                """;
            page.Parameters.AddWithValue("@q", "\"" + q + "\"");
            page.Parameters.AddWithValue("@ws", ws);
            var ids = new List<string>();
            await using (var r = await page.ExecuteReaderAsync())
                while (await r.ReadAsync()) ids.Add(r.GetString(0));
            return Results.Json(new { total, ids });
        });
    }
}
