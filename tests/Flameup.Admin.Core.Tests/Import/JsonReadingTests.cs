using System.Text;
using Flameup.Admin.Core.Import;

namespace Flameup.Admin.Core.Tests.Import;

public sealed class JsonReadingTests : IAsyncLifetime
{
    readonly ImportFixture _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    async Task<List<ImportRecord>> ReadAllAsync(string content, ImportFormat format)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var list = new List<ImportRecord>();
        await foreach (var r in ImportFile.ReadAsync(stream, format, null, 0)) list.Add(r);
        return list;
    }

    [Fact]
    public async Task A_json_array_is_read_item_by_item_with_the_line_of_each()
    {
        var upload = await _db.UploadAsync("ws_a", "people.json", """
            [
              {"userId": "u1", "email": "a@x.io", "traits": {"plan": "pro"}},
              {"userId": 7},
              {
                "userId": "u3",
                "status": "bounced"
              }
            ]
            """);
        Assert.Equal(ImportFormat.Json, upload.Format);
        var rows = await _db.Imports.PreviewAsync(upload, null);
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Line));
        Assert.Equal("pro", rows[0].Input!.Traits!["plan"]!.GetValue<string>());
        Assert.Equal("userId: must be a string, not a number", rows[1].Error);
        Assert.Equal("bounced", rows[2].Input!.Status);
    }

    [Fact]
    public async Task A_large_array_streams_through_a_small_window_and_keeps_line_numbers()
    {
        var sb = new StringBuilder("\uFEFF[\n");
        for (var i = 0; i < 5000; i++) sb.Append($"  {{\"userId\": \"u{i}\", \"traits\": {{\"bio\": \"{new string('x', 100)}\"}}}}{(i < 4999 ? "," : "")}\n");
        sb.Append("]\n");
        var rows = await ReadAllAsync(sb.ToString(), ImportFormat.Json);
        Assert.Equal(5000, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsValid));
        Assert.Equal(4001, rows[3999].Line);
        Assert.Equal("u3999", rows[3999].Input!.UserId);
    }

    [Fact]
    public async Task Malformed_json_stops_with_the_line()
    {
        var ex = await Assert.ThrowsAsync<ImportFileException>(() => ReadAllAsync("[\n{\"userId\": \"u1\"},\n{\"userId\": \"u2\",,}\n]", ImportFormat.Json));
        Assert.StartsWith("The JSON is malformed near line 3", ex.Message);
    }

    [Fact]
    public async Task A_json_object_that_spans_lines_is_not_mistaken_for_an_array()
    {
        var rows = await ReadAllAsync("{\"userId\": \"u1\",\n\"email\": \"a@x.io\"}\n", ImportFormat.Ndjson);
        Assert.Contains("NDJSON needs one person per line", rows[0].Error);
    }

    [Fact]
    public async Task Ndjson_lines_fail_alone_and_blank_lines_are_skipped()
    {
        var upload = await _db.UploadAsync("ws_a", "people.ndjson", "{\"userId\":\"u1\"}\n\n{\"userId\":\"u2\"\n[1]\n{\"userId\":\"u4\",\"traits\":[]}\n{\"userId\":\"u5\"}\n");
        Assert.Equal(ImportFormat.Ndjson, upload.Format);
        var rows = await _db.Imports.PreviewAsync(upload, null);
        Assert.Equal([1L, 3L, 4L, 5L, 6L], rows.Select(r => r.Line));
        Assert.True(rows[0].IsValid);
        Assert.Contains("is not one complete JSON object", rows[1].Error);
        Assert.Equal("must be a JSON object (a person), not an array", rows[2].Error);
        Assert.Equal("traits: must be a JSON object, not an array", rows[3].Error);
        Assert.True(rows[4].IsValid);
    }

    [Theory]
    [InlineData("[]", "The JSON array is empty; there is nothing to import.")]
    [InlineData("people.json", "The file is named .json but does not start with '[' (a JSON array of people) or '{' (NDJSON, one person a line).")]
    public async Task Json_files_without_people_are_refused(string content, string message)
    {
        var ex = await Assert.ThrowsAsync<ImportFileException>(() => _db.UploadAsync("ws_a", "people.json", content));
        Assert.Equal(message, ex.Message);
    }
}
