#if POSTGRES // on PostgreSQL by nature: compiled into Api.Tests.Postgres only, where a missing server skips them
using System.Diagnostics;
using System.Net;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>The real host on PostgreSQL while its database goes away and comes back, and started against one it cannot reach.</summary>
public sealed class DatabaseOutageTests(PgTestDatabase db) : IClassFixture<PgTestDatabase>
{
    [Fact]
    public async Task While_the_database_is_down_requests_get_503_problems_and_the_host_recovers_by_itself()
    {
        using var factory = new PgApiFactory(db.ConnectionString);
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"before-the-restart"}""");
        var stranger = factory.ClientFor("flk_" + new string('x', 41));

        await db.TakeDownAsync();
        try
        {
            foreach (var request in new[] { c.GetAsync($"/people/{id}"), c.PostAsync("/people", """{"userId":"during"}"""), c.GetAsync("/people/stats"),
                         stranger.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{c.Workspace}/people") }) // a key that must be looked up
            {
                var r = await request;
                r.AssertProblem(HttpStatusCode.ServiceUnavailable);
                Assert.Equal("5", r.Response.Headers.RetryAfter?.ToString());
            }
        }
        finally
        {
            await db.BringBackAsync();
        }

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await c.GetAsync($"/people/{id}")).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < until, "the host did not recover within 10 s of the database coming back");
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.Created, (await c.PostAsync("/people", """{"userId":"after-the-restart"}""")).Status);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=flameup;Password=flameup;Database=flameup", "Cannot reach PostgreSQL at 127.0.0.1:1/flameup: ")]
    [InlineData("Host=127.0.0.1;Port=5432;Username=flameup;Password=flameup;Database=flameup_sig_missing", "Cannot reach PostgreSQL at 127.0.0.1:5432/flameup_sig_missing: database \"flameup_sig_missing\" does not exist")]
    [InlineData("Host=127.0.0.1;Port=5432;Username=flameup;Password=wrong;Database=postgres", "Cannot reach PostgreSQL at 127.0.0.1:5432/postgres: password authentication failed for user \"flameup\"")]
    [InlineData("Hots=127.0.0.1", "Cannot use the PostgreSQL connection string (ConnectionStrings:People): ")]
    public async Task A_server_that_cannot_be_reached_at_start_up_is_one_line_naming_it_and_a_non_zero_exit(string connectionString, string expected)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Flameup.Admin.Web.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Flameup__Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__People"] = connectionString;
        start.Environment["Flameup__Import__Folder"] = Path.Combine(Path.GetTempPath(), "flameup-outage-imports"); // a host on PostgreSQL needs one
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        var lines = (await stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {string.Join(" | ", lines)}");
        Assert.StartsWith(expected, lines[0]);
        Assert.DoesNotContain("   at ", lines[0]);
        Assert.DoesNotContain("Password=", lines[0]); // never the connection string itself
    }
}
#endif
