using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>Imports running through the service on a real SQLite file.</summary>
public sealed class ImportJobTests : IAsyncLifetime
{
    readonly ImportFixture _db = new() { BatchSize = 500 };
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>A CSV of people u{i} with ten traits; rows for which <paramref name="bad"/> holds get an invalid email.</summary>
    public static string PeopleCsv(int rows, Func<int, bool>? bad = null, int from = 0)
    {
        var sb = new StringBuilder("userId,email,status,first_name,last_name,plan,age,vip,score,city,country,company,signup\n");
        for (var i = from; i < from + rows; i++)
        {
            var email = bad?.Invoke(i) == true ? "not-an-email" : $"user{i}@example.com";
            sb.Append($"u{i},{email},{(i % 10 == 0 ? "bounced" : "active")},First{i},Last{i},{(i % 3 == 0 ? "pro" : "free")},{20 + i % 50},{(i % 2 == 0 ? "true" : "false")},{i % 1000}.5,City{i % 100},DE,Acme {i % 500},2024-01-{1 + i % 28:00}\n");
        }
        return sb.ToString();
    }

    [Fact]
    public async Task A_file_with_one_percent_bad_rows_imports_the_rest_and_reports_each_bad_row_by_line()
    {
        var result = await _db.ImportAsync("ws_a", "people.csv", PeopleCsv(2000, i => i % 100 == 42));

        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal(1980, result.Created);
        Assert.Equal(20, result.Failed);
        Assert.Equal(2000, result.RowsDone);
        Assert.Equal(1980L, await _db.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_a'"));
        var failures = new List<(long Line, string Reason, string? Data)>();
        await foreach (var f in _db.Imports.FailuresAsync("ws_a", result.Id)) failures.Add(f);
        Assert.Equal(Enumerable.Range(0, 20).Select(k => (long)(k * 100 + 42 + 2)), failures.Select(f => f.Line)); // +1 header, +1 one-based
        Assert.All(failures, f => Assert.Equal("email: must be an email address like name@example.com", f.Reason));
        Assert.StartsWith("u42,not-an-email,active,", failures[0].Data);

        using var csv = new MemoryStream();
        await _db.Imports.WriteFailuresCsvAsync("ws_a", result.Id, csv);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n");
        Assert.Equal("line,reason,row", lines[0]);
        Assert.StartsWith("44,email: must be an email address like name@example.com,u42,not-an-email,", lines[1].Replace("\"", ""));
    }

    [Fact]
    public async Task Imported_people_are_like_api_people_events_merge_search_and_counts_included()
    {
        await _db.People.UpsertAsync(Actor.System, "ws_a", PersonInput.For("u1", "old@example.com", new JsonObject { ["keep"] = "me", ["plan"] = "free" }));
        var result = await _db.ImportAsync("ws_a", "p.csv", "userId,email,plan\nu1,new@example.com,pro\nu2,two@example.com,free\n");

        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.Updated);
        var u1 = (await _db.People.SearchAsync("ws_a", new PeopleSearch { UserId = "u1" })).Single();
        Assert.Equal("new@example.com", u1.Email);
        Assert.Equal("""{"keep":"me","plan":"pro"}""", u1.TraitsJson); // merged key by key
        var events = await _db.Services.GetRequiredService<Events.EventsService>().ListForPersonAsync("ws_a", u1.Id);
        Assert.Equal(["person.updated", "person.created"], events.Events.Select(e => e.Name));
        Assert.Contains("new@example.com", events.Events[0].PropertiesJson);
        Assert.Single(await _db.People.SearchAsync("ws_a", new PeopleSearch { Q = "two@exa" })); // search index kept
        var stats = await _db.Services.GetRequiredService<Flameup.Admin.Core.Stats.StatsService>().GetAsync("ws_a");
        Assert.Equal(2, stats.Total);
    }

    [Fact]
    public async Task A_row_that_breaks_the_merged_trait_limits_fails_alone()
    {
        var many = new JsonObject();
        for (var i = 0; i < TraitRules.MaxKeys; i++) many[$"k{i}"] = i;
        await _db.People.UpsertAsync(Actor.System, "ws_a", PersonInput.For("full", traits: many));

        var result = await _db.ImportAsync("ws_a", "p.csv", "userId,plan\nu1,pro\nfull,pro\nu3,free\n");

        Assert.Equal(2, result.Created);
        Assert.Equal(1, result.Failed);
        var failure = await _db.Imports.FailuresAsync("ws_a", result.Id).SingleAsync();
        Assert.Equal(3, failure.Line);
        Assert.Equal("traits: would have 301 keys after the merge; at most 300 are allowed", failure.Reason);
    }

    [Fact]
    public async Task A_hundred_thousand_rows_import_through_the_service()
    {
        await using var fixture = new ImportFixture(); // the production batch size
        await fixture.InitializeAsync();
        var result = await fixture.ImportAsync("ws_a", "big.csv", PeopleCsv(100_000));

        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal(100_000, result.Created);
        Assert.Equal(0, result.Failed);
        Assert.Equal(100_000L, await fixture.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_a'"));
        Assert.Equal(100_000L, await fixture.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a' AND name = 'person.created'"));
        Assert.Equal(10_000L, await fixture.ScalarAsync<long>("SELECT CAST(sum(n) AS BIGINT) FROM people_counts WHERE workspace_id = 'ws_a' AND status = 'bounced'"));
        var p = (await fixture.People.SearchAsync("ws_a", new PeopleSearch { UserId = "u99999" })).Single();
        // Compared as JSON: PostgreSQL's jsonb keeps no key order.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"first_name":"First99999","last_name":"Last99999","plan":"pro","age":69,"vip":false,"score":999.5,"city":"City99","country":"DE","company":"Acme 499","signup":"2024-01-12"}"""),
            System.Text.Json.Nodes.JsonNode.Parse(p.TraitsJson)), p.TraitsJson);
        Assert.False(File.Exists(Path.Combine(fixture.Imports.Folder, result.Id + ".upload"))); // a finished import's file is removed
    }

    [Fact]
    public async Task Cancel_stops_within_a_second_and_what_was_written_stays_and_is_reported()
    {
        await using var fixture = new ImportFixture();
        await fixture.InitializeAsync();
        var upload = await fixture.UploadAsync("ws_a", "big.csv", PeopleCsv(200_000));
        var started = await fixture.Imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);
        await WaitUntilAsync(async () => (await fixture.Imports.GetAsync("ws_a", started.Id))!.RowsDone >= 10_000);

        var clock = Stopwatch.StartNew();
        Assert.True(fixture.Imports.Cancel(Actor.System, "ws_a", started.Id));
        await fixture.Imports.WaitAsync(started.Id);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cancel took {clock.Elapsed}");
        var result = (await fixture.Imports.GetAsync("ws_a", started.Id))!;
        Assert.Equal(ImportStatus.Cancelled, result.Status);
        Assert.InRange(result.Created, 10_000, 199_999);
        Assert.Equal(result.Created, await fixture.ScalarAsync<long>("SELECT count(*) FROM people WHERE workspace_id = 'ws_a'"));
        Assert.Equal(result.RowsDone, result.Created); // whole batches only
    }

    [Fact]
    public async Task One_import_per_workspace_at_a_time()
    {
        var big = await _db.UploadAsync("ws_a", "big.csv", PeopleCsv(50_000));
        var second = await _db.UploadAsync("ws_a", "small.csv", PeopleCsv(10));
        var other = await _db.UploadAsync("ws_b", "small.csv", PeopleCsv(10));
        var started = await _db.Imports.StartAsync(Actor.System, big, big.Inspection.Mapping);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _db.Imports.StartAsync(Actor.System, second, second.Inspection.Mapping));
        Assert.Equal("An import is already running in this workspace ('big.csv'); wait for it to finish or cancel it.", ex.Message);
        Assert.Equal(started.Id, (await _db.Imports.RunningAsync("ws_a"))!.Id);
        var elsewhere = await _db.Imports.StartAsync(Actor.System, other, other.Inspection.Mapping); // another workspace may import meanwhile
        await _db.Imports.WaitAsync(elsewhere.Id);
        _db.Imports.Cancel(Actor.System, "ws_a", started.Id);
        await _db.Imports.WaitAsync(started.Id);
        var history = await _db.Imports.HistoryAsync("ws_a");
        Assert.Equal(ImportStatus.Cancelled, Assert.Single(history).Status);
    }

    [Fact]
    public async Task An_import_cut_off_by_a_crash_is_taken_over_on_restart_and_goes_on_from_the_row_it_reached()
    {
        var upload = await _db.UploadAsync("ws_a", "big.csv", PeopleCsv(20_000, i => i % 1000 == 7));
        var started = await _db.Imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);
        await WaitUntilAsync(async () => (await _db.Imports.GetAsync("ws_a", started.Id))!.RowsDone >= 3000);
        await _db.Imports.StopAllAsync();
        // As after kill -9: the record still names the dead host with its lease, the committed batches are all there is.
        var lapsed = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds();
        await _db.ScalarAsync<long>($"UPDATE imports SET owner = 'dead-host', lease_until = {lapsed} WHERE id = '{started.Id}' RETURNING 0");
        var reached = await _db.ScalarAsync<long>($"SELECT rows_done FROM imports WHERE id = '{started.Id}'");
        Assert.Equal(reached - Enumerable.Range(0, (int)reached).Count(i => i % 1000 == 7), await _db.ScalarAsync<long>("SELECT count(*) FROM people"));

        await using var restarted = _db.Build();
        var imports = restarted.GetRequiredService<ImportService>();
        await imports.RecoverAsync();
        await imports.WaitAsync(started.Id);
        var done = (await imports.GetAsync("ws_a", started.Id))!;
        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal(20_000, done.RowsDone);
        Assert.Equal(19_980, done.Created);
        Assert.Equal(0, done.Updated); // nothing was written twice
        Assert.Equal(20, done.Failed);
        Assert.Equal(19_980L, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
        Assert.Equal(19_980L, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events"));
        Assert.Equal(20, await imports.FailuresAsync("ws_a", started.Id).CountAsync());
    }

    [Fact]
    public async Task An_interrupted_import_resumes_from_the_row_it_reached()
    {
        var upload = await _db.UploadAsync("ws_a", "big.csv", PeopleCsv(20_000, _ => false));
        var started = await _db.Imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);
        await WaitUntilAsync(async () => (await _db.Imports.GetAsync("ws_a", started.Id))!.RowsDone >= 3000);
        await _db.Imports.StopAllAsync();
        await _db.ScalarAsync<long>($"UPDATE imports SET status = 'interrupted' WHERE id = '{started.Id}' RETURNING 0");
        Assert.True((await _db.Imports.GetAsync("ws_a", started.Id))!.CanResume);

        var resumed = await _db.Imports.ResumeAsync(Actor.System, "ws_a", started.Id);
        await using var otherHost = _db.Build();
        await Assert.ThrowsAsync<ConflictException>(() => otherHost.GetRequiredService<ImportService>().ResumeAsync(Actor.System, "ws_a", started.Id));
        await _db.Imports.WaitAsync(resumed.Id);
        var done = (await _db.Imports.GetAsync("ws_a", started.Id))!;
        Assert.Equal((ImportStatus.Completed, 20_000L, 0L), (done.Status, done.Created, done.Updated));
        Assert.Equal(20_000L, await _db.ScalarAsync<long>("SELECT count(*) FROM people"));
    }

    [Fact]
    public async Task Recovery_leaves_an_import_another_live_host_runs_and_takes_over_once_its_lease_lapses()
    {
        var upload = await _db.UploadAsync("ws_a", "big.csv", PeopleCsv(5_000, _ => false));
        var started = await _db.Imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);
        await _db.Imports.WaitAsync(started.Id);
        // As if another host were running it now, with its lease good for an hour.
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        await _db.ScalarAsync<long>($"UPDATE imports SET status = 'running', owner = 'other-host', lease_until = {inAnHour} WHERE id = '{started.Id}' RETURNING 0");

        await using var restarted = _db.Build();
        var imports = restarted.GetRequiredService<ImportService>();
        await imports.RecoverAsync();
        Assert.Equal(ImportStatus.Running, (await imports.GetAsync("ws_a", started.Id))!.Status);

        var aMinuteAgo = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        await _db.ScalarAsync<long>($"UPDATE imports SET lease_until = {aMinuteAgo} WHERE id = '{started.Id}' RETURNING 0");
        Assert.Equal(1, await imports.SweepLapsedAsync());
        var taken = (await imports.GetAsync("ws_a", started.Id))!;
        Assert.Equal(ImportStatus.Interrupted, taken.Status);
        Assert.Contains("resume it", taken.Error);
    }

    [Fact]
    public async Task The_database_allows_one_running_import_per_workspace_across_hosts()
    {
        // Two hosts on one database: each one's in-process bookkeeping knows only its own imports.
        var first = await _db.UploadAsync("ws_a", "first.csv", PeopleCsv(200_000, _ => false));
        var running = await _db.Imports.StartAsync(Actor.System, first, first.Inspection.Mapping);
        await using var other = _db.Build();
        var otherImports = other.GetRequiredService<ImportService>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(PeopleCsv(10, _ => false)));
        var second = await otherImports.SaveUploadAsync(Actor.System, "ws_a", "second.csv", stream);
        var refused = await Assert.ThrowsAsync<ConflictException>(() => otherImports.StartAsync(Actor.System, second, second.Inspection.Mapping));
        Assert.Contains("already running", refused.Message);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM imports WHERE status = 'running'"));
        _db.Imports.Cancel(Actor.System, "ws_a", running.Id);
        await _db.Imports.WaitAsync(running.Id);
    }

    [Fact]
    public async Task A_malformed_json_file_fails_with_its_line_and_keeps_what_was_written()
    {
        var sb = new StringBuilder("[\n");
        for (var i = 0; i < 1200; i++) sb.Append($"{{\"userId\": \"u{i}\"}},\n");
        sb.Append("{\"userId\": oops}\n]");
        var result = await _db.ImportAsync("ws_a", "p.json", sb.ToString());
        Assert.Equal(ImportStatus.Failed, result.Status);
        Assert.StartsWith("The JSON is malformed near line 1202", result.Error);
        Assert.Equal(1000, result.Created); // the two whole batches before the error
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var timeout = Stopwatch.StartNew();
        while (!await condition())
        {
            if (timeout.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException();
            await Task.Delay(20);
        }
    }
}
