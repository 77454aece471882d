using Flameup.Admin.Core.Common;
using Flameup.Admin.Storage.Sqlite;
using Flameup.Admin.Core.People;
using System.Text;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Import;

namespace Flameup.Admin.Core.Tests.Import;

/// <summary>CSV files as people send them: quoting, line breaks, BOM, semicolons, bad shapes.</summary>
public sealed class CsvReadingTests : IAsyncLifetime
{
    readonly ImportFixture _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    async Task<(ImportUpload Upload, IReadOnlyList<ImportRecord> Rows)> ReadAsync(string content, string name = "people.csv") =>
        await ReadAsync(Encoding.UTF8.GetBytes(content), name);

    async Task<(ImportUpload Upload, IReadOnlyList<ImportRecord> Rows)> ReadAsync(byte[] content, string name = "people.csv")
    {
        var upload = await _db.UploadAsync("ws_a", name, content);
        return (upload, await _db.Imports.PreviewAsync(upload, null));
    }

    [Fact]
    public async Task Quoted_fields_keep_separators_quotes_and_line_breaks_and_lines_are_counted()
    {
        var (_, rows) = await ReadAsync("userId,email,bio\r\nu1,a@x.io,\"Hello, \"\"World\"\"\nsecond line\"\r\nu2,b@x.io,plain\r\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Hello, \"World\"\nsecond line", rows[0].Input!.Traits!["bio"]!.GetValue<string>());
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(4, rows[1].Line); // the quoted line break makes u1 span lines 2 and 3
        Assert.Equal("b@x.io", rows[1].Input!.Email);
    }

    [Fact]
    public async Task Semicolons_and_a_byte_order_mark_are_understood()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("user_id;E-mail;Status;plan\nu1;a@x.io;Unsubscribed;pro\n")).ToArray();
        var (upload, rows) = await ReadAsync(bytes);
        Assert.Equal(';', upload.Inspection.Separator);
        Assert.Equal(["user_id", "E-mail", "Status", "plan"], upload.Inspection.Headers);
        var input = Assert.Single(rows).Input!;
        Assert.Equal("u1", input.UserId);
        Assert.Equal("a@x.io", input.Email);
        Assert.Equal("unsubscribed", input.Status);
        Assert.Equal("pro", input.Traits!["plan"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ragged_rows_fail_alone_with_their_line_and_field_counts()
    {
        var (_, rows) = await ReadAsync("userId,email,plan\nu1,a@x.io,pro\nu2,b@x.io,pro,extra\nu3,c@x.io\nu4,d@x.io,free\n");
        Assert.True(rows[0].IsValid);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("has 4 fields but the header has 3", rows[1].Error);
        Assert.Equal(4, rows[2].Line);
        Assert.Contains("has 2 fields but the header has 3", rows[2].Error);
        Assert.True(rows[3].IsValid);
    }

    [Fact]
    public async Task A_duplicate_header_is_ignored_with_a_warning_and_mapping_both_is_refused_by_name()
    {
        var (upload, rows) = await ReadAsync("userId,plan,plan\nu1,pro,free\n");
        var warning = Assert.Single(upload.Inspection.Warnings);
        Assert.Equal("Column 3 is named 'plan' like column 2 and is ignored; rename its trait to import it.", warning);
        Assert.Equal("pro", rows[0].Input!.Traits!["plan"]!.GetValue<string>());

        var both = upload.Inspection.Mapping!.With(upload.Inspection.Mapping.Columns[2] with { Role = ColumnRole.Trait });
        Assert.Contains("column 2 ('plan') and column 3 ('plan') would all be stored as trait 'plan'; rename or ignore all but one.", both.Problems());
        var ex = await Assert.ThrowsAsync<Common.DomainValidationException>(() => _db.Imports.StartAsync(Actor.System, upload, both));
        Assert.Contains("mapping", ex.Errors.Keys);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("\n\n  \n", "The file holds only blank lines; there is nothing to import.")]
    [InlineData("userId,email,plan\n", "The file has a header row but no rows of people below it.")]
    [InlineData("userId,email,plan", "The file has a header row but no rows of people below it.")]
    public async Task Files_without_people_are_refused_with_a_clear_message(string content, string message)
    {
        var ex = await Assert.ThrowsAsync<ImportFileException>(() => _db.UploadAsync("ws_a", "people.csv", content));
        Assert.Equal(message, ex.Message);
        Assert.Empty(Directory.EnumerateFiles(_db.Imports.Folder)); // a refused upload is not kept
    }

    [Fact]
    public async Task A_binary_file_is_refused()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52 };
        var ex = await Assert.ThrowsAsync<ImportFileException>(() => _db.UploadAsync("ws_a", "photo.csv", png));
        Assert.StartsWith("This is not a text file (it holds binary data at byte 8)", ex.Message);
    }

    [Fact]
    public async Task Latin1_text_is_refused_as_not_utf8()
    {
        var latin1 = Encoding.Latin1.GetBytes("userId,name\nu1,Jos\u00e9\n");
        var ex = await Assert.ThrowsAsync<ImportFileException>(() => _db.UploadAsync("ws_a", "people.csv", latin1));
        Assert.Contains("not UTF-8", ex.Message);
    }

    [Fact]
    public async Task An_unclosed_quote_fails_that_row_with_its_line()
    {
        var (_, rows) = await ReadAsync("userId,bio\nu1,fine\nu2,\"never closed\nu3,lost\n");
        Assert.True(rows[0].IsValid);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("a quoted field is never closed", rows[1].Error);
    }

    [Fact]
    public async Task Column_types_are_detected_and_cells_stored_with_them()
    {
        var (upload, rows) = await ReadAsync(
            "userId,age,vip,zip,prefs,note\n" +
            "u1,42,true,007,\"{\"\"a\"\":1}\",hi\n" +
            "u2,-1.50,FALSE,10115,[1],3\n");
        var cols = upload.Inspection.Mapping!.Columns;
        Assert.Equal([TraitType.Number, TraitType.Boolean, TraitType.Text, TraitType.Json, TraitType.Text], cols.Skip(1).Select(c => c.Type));
        Assert.Equal("""{"age":42,"vip":true,"zip":"007","prefs":{"a":1},"note":"hi"}""", rows[0].Input!.Traits!.ToJsonString());
        Assert.Equal("""{"age":-1.50,"vip":false,"zip":"10115","prefs":[1],"note":"3"}""", rows[1].Input!.Traits!.ToJsonString());
    }

    [Fact]
    public async Task A_cell_that_does_not_fit_a_changed_type_fails_its_row_naming_the_trait()
    {
        var upload = await _db.UploadAsync("ws_a", "p.csv", "userId,age\nu1,42\nu2,old\n");
        var m = upload.Inspection.Mapping!;
        var asNumber = m.With(m.Columns[1] with { Type = TraitType.Number });
        var rows = await _db.Imports.PreviewAsync(upload, asNumber);
        Assert.True(rows[0].IsValid);
        Assert.Equal("traits.age: 'old' is not a number: use digits with an optional '-' and '.', like 42 or -3.5 (the column is set to number)", rows[1].Error);
    }

    [Fact]
    public async Task Empty_cells_skip_the_trait_or_remove_it()
    {
        var upload = await _db.UploadAsync("ws_a", "p.csv", "userId,email,plan\nu1,,\n");
        var skip = await _db.Imports.PreviewAsync(upload, upload.Inspection.Mapping);
        Assert.Null(skip[0].Input!.Traits);
        Assert.False(skip[0].Input!.EmailGiven);

        var remove = await _db.Imports.PreviewAsync(upload, upload.Inspection.Mapping! with { EmptyCells = EmptyCells.Remove });
        Assert.True(remove[0].Input!.Traits!.ContainsKey("plan"));
        Assert.Null(remove[0].Input!.Traits!["plan"]);
        Assert.True(remove[0].Input!.EmailGiven);
        Assert.Null(remove[0].Input!.Email);
    }

    [Fact]
    public async Task Rows_breaking_the_api_rules_fail_with_the_field_and_rule()
    {
        var (_, rows) = await ReadAsync("userId,email,status,$secret\n,not-an-email,gone,x\n");
        var error = rows[0].Error!;
        Assert.Contains("userId: is empty; every row needs a userId", error);
        Assert.Contains("email: must be an email address like name@example.com", error);
        Assert.Contains("status: must be one of active, unsubscribed, bounced", error);
        Assert.Contains("traits.$secret: trait keys starting with '$' are reserved", error);
    }

    [Theory]
    [InlineData("user_id", "user_id")]
    [InlineData("id,name", "id")]
    [InlineData("External ID,id", "External ID")]
    public async Task The_userId_column_is_guessed_from_common_names(string header, string expected)
    {
        var upload = await _db.UploadAsync("ws_a", "p.csv", header + "\n" + string.Join(",", header.Split(',').Select((_, i) => "v" + i)) + "\n");
        Assert.Equal(expected, upload.Inspection.Mapping!.Columns.Single(c => c.Role == ColumnRole.UserId).Header);
    }

    [Fact]
    public void Without_a_userId_column_the_mapping_says_so()
    {
        var (mapping, _) = CsvMappingGuess.Guess(["name", "plan"], [["a", "b"]]);
        Assert.Contains("No column is mapped to userId; every person needs one.", mapping.Problems());
    }

    [Fact]
    public void Cells_escaped_against_formulas_read_back_unchanged()
    {
        foreach (var text in new[] { "=1+1", "+49 30", "-dash", "@home", "'quoted", "'", "plain", "", "\tTab" })
            Assert.Equal(text, CsvCells.Unescape(CsvCells.Escape(text)));
        Assert.Equal("'=HYPERLINK(\"x\")", CsvCells.Escape("=HYPERLINK(\"x\")"));
        Assert.Equal("'Bob's", CsvCells.Unescape("'Bob's")); // an apostrophe we did not add stays
    }

    [Fact]
    public async Task Excels_separator_line_and_tabs_are_understood()
    {
        var (upload, rows) = await ReadAsync("sep=;\r\nuserId;plan\r\nu1;pro\r\n");
        Assert.Equal(';', upload.Inspection.Separator);
        Assert.Equal(["userId", "plan"], upload.Inspection.Headers);
        Assert.Equal(3, Assert.Single(rows).Line);

        var (tabs, tabRows) = await ReadAsync("userId\tplan\nu1\tpro\n");
        Assert.Equal('\t', tabs.Inspection.Separator);
        Assert.Equal("pro", tabRows[0].Input!.Traits!["plan"]!.GetValue<string>());
    }
}
