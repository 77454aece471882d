using Bunit;
using Flameup.Admin.Components.Import;

namespace Flameup.Admin.Components.Tests.Import;

public sealed class ImportPreviewTableTests : ImportComponentContext
{
    [Fact]
    public async Task Rows_show_as_stored_and_invalid_rows_are_highlighted_with_the_reason()
    {
        var upload = await UploadAsync("p.csv", "userId,email,age\nu1,a@x.io,42\nu2,not-an-email,7\nu3,,x\n");
        var rows = await Imports.PreviewAsync(upload, null);
        var cut = Render<ImportPreviewTable>(p => p.Add(x => x.Rows, rows));

        var valid = cut.FindAll("[data-testid=preview-row]");
        Assert.Equal(2, valid.Count);
        Assert.Contains("u1", valid[0].TextContent);
        Assert.Contains("{\"age\":\"42\"}", valid[0].TextContent); // "x" in the column makes it text
        var invalid = Assert.Single(cut.FindAll("[data-testid=preview-row-invalid]"));
        Assert.Contains("import-row-invalid", invalid.ClassList);
        Assert.StartsWith("3", invalid.TextContent.Trim());
        Assert.Equal("email: must be an email address like name@example.com", invalid.QuerySelector("[data-testid=preview-reason]")!.TextContent);
        Assert.Contains("u2,not-an-email,7", invalid.TextContent);
        Assert.Contains("2 ready, 1 with a problem", cut.Find("[data-testid=preview-summary]").TextContent);
    }
}
