using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests;

public sealed class AroundTheApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_host_runs_on_the_storage_the_test_project_is_for()
    {
        // The provider is read from builder.Configuration while services are registered: the factory's settings must be there by then.
#if POSTGRES
        const string expected = "Postgres";
#else
        const string expected = "Sqlite";
#endif
        Assert.Equal(expected, factory.Service<Flameup.Admin.Core.Storage.Ports.StorageInfo>().Provider);
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint()
    {
        var client = factory.CreateClient();
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var p in new[] { "/people", "/people/{person_id}", "/people/upsert", "/people/batch", "/people/search", "/people/stats", "/people/{person_id}/events", "/events" })
            Assert.Contains("/api/v1/workspaces/{workspace_id}" + p, paths);
    }

    [Fact]
    public async Task Outside_Development_static_assets_have_no_hot_reload_route()
    {
        // Hot reload adds a catch-all route whose constraint stats a file on every request, API requests included.
        var routes = factory.Service<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();
        Assert.Contains(routes, r => r is not null && r.StartsWith("_framework/blazor.web", StringComparison.Ordinal));
        Assert.DoesNotContain("{**path:file}", routes);
        // And the assets keep their caching headers (hot reload would make each one no-cache).
        var asset = routes.First(r => r is not null && r.StartsWith("_framework/blazor.web", StringComparison.Ordinal) && !r.EndsWith(".gz"));
        var response = await factory.CreateClient().GetAsync("/" + asset);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_API_reference_page_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_command_line_creates_a_key_printed_alone_on_the_last_line_that_the_server_accepts()
    {
        factory.StartServer();
        var dll = Path.Combine(AppContext.BaseDirectory, "Flameup.Admin.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "keys", "create", "--workspace", "ws_cli", "--scopes", "people:read,people:write", "--name", "ci"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = factory.Folder,
        };
        factory.UseDatabaseOf(start);
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        var key = stdout.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("flk_", key);

        var c = new WorkspaceClient(factory.ClientFor(key), "ws_cli", key);
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", """{"userId":"from-cli"}""")).Status);
        (await c.DeleteAsync($"/people/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_command_line_refuses_an_unknown_scope_with_a_message()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Flameup.Admin.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "keys", "create", "--workspace", "ws_cli2", "--scopes", "people:everything"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = factory.Folder,
        };
        start.Environment["ConnectionStrings__People"] = $"Data Source={Path.Combine(factory.Folder, "cli2.db")}";
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("people:everything", stderr);
    }
}
