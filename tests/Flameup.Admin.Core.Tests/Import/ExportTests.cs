using Flameup.Admin.Core.Common;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Tests.Import;

public sealed class ExportTests : IAsyncLifetime
{
    readonly ImportFixture _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    async Task SeedAsync()
    {
        var people = new List<PersonInput>();
        for (var i = 0; i < 40; i++)
        {
            var traits = new JsonObject
            {
                ["name"] = i == 3 ? "=HYPERLINK(\"http://evil\")" : i == 4 ? "-minus" : i == 5 ? "'quoted" : $"Person, \"{i}\"\nnext line",
                ["age"] = 20 + i,
                ["score"] = JsonNode.Parse("1.50"),
                ["vip"] = i % 2 == 0,
                ["prefs"] = new JsonObject { ["lang"] = "de", ["tags"] = new JsonArray("a", i) },
                ["email"] = $"trait-{i}", // a trait named like a fixed column
            };
            if (i % 4 == 0) traits["only_some"] = "x";
            people.Add(PersonInput.For($"u{i:00}", i % 5 == 0 ? null : $"p{i}@example.com", traits, i % 7 == 0 ? "bounced" : null));
        }
        for (var i = 0; i < people.Count; i += 20) await _db.People.BatchUpsertAsync(Actor.System, "ws_a", people.Skip(i).Take(20).ToList());
    }

    async Task<List<Person>> AllAsync(string ws) =>
        (await _db.People.ListAsync(ws, new PeopleQuery { Limit = 500, Sort = PeopleSort.EmailAsc })).People.OrderBy(p => p.UserId).ToList();

    static void AssertSamePeople(List<Person> expected, List<Person> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].UserId, actual[i].UserId);
            Assert.Equal(expected[i].Email, actual[i].Email);
            Assert.Equal(expected[i].Status, actual[i].Status);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected[i].TraitsJson), JsonNode.Parse(actual[i].TraitsJson)),
                $"{expected[i].UserId}: {expected[i].TraitsJson} != {actual[i].TraitsJson}");
        }
    }

    async Task<string> CsvAsync(string ws, PeopleQuery query)
    {
        using var output = new MemoryStream();
        await _db.Exporter.WriteCsvAsync(ws, query, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Csv_export_round_trips_through_import_unchanged()
    {
        await SeedAsync();
        var csv = await CsvAsync("ws_a", new PeopleQuery());

        var result = await _db.ImportAsync("ws_b", "export.csv", csv);
        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal(40, result.Created);
        AssertSamePeople(await AllAsync("ws_a"), await AllAsync("ws_b"));

        // Imported again over the same people, nothing changes: no update time moves, no event is recorded.
        var before = await AllAsync("ws_a");
        var events = await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a'");
        var again = await _db.ImportAsync("ws_a", "export.csv", csv);
        Assert.Equal(0, again.Created);
        Assert.Equal(0, again.Failed);
        Assert.Equal(before, await AllAsync("ws_a"));
        Assert.Equal(events, await _db.ScalarAsync<long>("SELECT count(*) FROM person_events WHERE workspace_id = 'ws_a'"));
    }

    [Fact]
    public async Task Csv_export_has_the_fixed_columns_then_trait_keys_and_escapes_formulas()
    {
        await SeedAsync();
        var csv = await CsvAsync("ws_a", new PeopleQuery { Sort = PeopleSort.CreatedAsc });
        var lines = csv.Split("\r\n");
        Assert.Equal("userId,email,status,created_at,updated_at,age,traits.email,name,only_some,prefs,score,vip", lines[0]);
        Assert.Contains("u03,p3@example.com,active,", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv);
        Assert.Contains(",'-minus,", csv);
        Assert.Contains(",''quoted,", csv);
        Assert.Contains(",\"{\"\"lang\"\":\"\"de\"\",\"\"tags\"\":[\"\"a\"\",0]}\",1.50,true", csv);
    }

    [Fact]
    public async Task Trait_keys_that_a_spreadsheet_would_run_are_escaped_in_the_header_and_import_back_unchanged()
    {
        string[] risky = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd", "@x", "-1", "'=quoted", "plain"];
        var traits = new JsonObject();
        for (var i = 0; i < risky.Length; i++) traits[risky[i]] = $"v{i}";
        await _db.People.UpsertAsync(Actor.System, "ws_a", PersonInput.For("risky", "r@example.com", traits));

        var csv = await CsvAsync("ws_a", new PeopleQuery());
        Assert.Equal("userId,email,status,created_at,updated_at,''=quoted,'+cmd,'-1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@x,plain",
            csv.Split("\r\n")[0]);
        // Read back as a spreadsheet would see the names: none starts with what it would run.
        await using var reader = CsvPeopleReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var headers = await CsvPeopleReader.ReadHeaderAsync(reader, CancellationToken.None);
        Assert.All(headers, h => Assert.DoesNotMatch("^[=+\\-@\t\r]", h));

        var result = await _db.ImportAsync("ws_b", "export.csv", csv);
        Assert.Equal(ImportStatus.Completed, result.Status);
        Assert.Equal(1, result.Created);
        AssertSamePeople(await AllAsync("ws_a"), await AllAsync("ws_b"));
    }

    [Fact]
    public async Task Exports_follow_the_list_filters_and_sort()
    {
        await SeedAsync();
        var csv = await CsvAsync("ws_a", new PeopleQuery { Status = "bounced", Sort = PeopleSort.EmailDesc });
        var ids = csv.Split("\r\n").Skip(1).Where(l => l.StartsWith('u')).Select(l => l[..3]).ToList();
        Assert.Equal(6, ids.Count);
        var expected = (await _db.People.ListAsync("ws_a", new PeopleQuery { Status = "bounced", Sort = PeopleSort.EmailDesc, Limit = 500 })).People.Select(p => p.UserId);
        Assert.Equal(expected, ids);

        using var nd = new MemoryStream();
        var n = await _db.Exporter.WriteNdjsonAsync("ws_a", new PeopleQuery { Search = "p1" }, nd);
        var lines = Encoding.UTF8.GetString(nd.ToArray()).TrimEnd('\n').Split('\n');
        Assert.Equal(n, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("p1", JsonDocument.Parse(l).RootElement.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Ndjson_export_round_trips_through_import_unchanged()
    {
        await SeedAsync();
        using var output = new MemoryStream();
        Assert.Equal(40, await _db.Exporter.WriteNdjsonAsync("ws_a", new PeopleQuery(), output));
        var result = await _db.ImportAsync("ws_c", "export.ndjson", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(40, result.Created);
        AssertSamePeople(await AllAsync("ws_a"), await AllAsync("ws_c"));
    }

    [Fact]
    public async Task A_persons_data_holds_the_profile_and_every_event()
    {
        var p = (await _db.People.UpsertAsync(Actor.System, "ws_a", PersonInput.For("u1", "a@example.com"))).Person;
        await _db.People.UpsertAsync(Actor.System, "ws_a", PersonInput.For("u1", "b@example.com"));
        using var output = new MemoryStream();
        await _db.Exporter.WritePersonDataAsync("ws_a", p.Id, output);
        var json = JsonDocument.Parse(output.ToArray()).RootElement;
        Assert.Equal("b@example.com", json.GetProperty("person").GetProperty("email").GetString());
        Assert.Equal(["person.updated", "person.created"], json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        await Assert.ThrowsAsync<Common.NotFoundException>(() => _db.Exporter.WritePersonDataAsync("ws_b", p.Id, new MemoryStream()));
    }
}
