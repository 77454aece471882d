using Flameup.Admin.Core.Common;
using MudBlazor.Extensions;
using Bunit;
using Flameup.Admin.Components.Import;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Flameup.Admin.Components.Tests.Import;

public sealed class ImportWorkflowTests : ImportComponentContext
{
    [Fact]
    public async Task Uploading_the_sample_file_maps_previews_imports_and_shows_the_counts()
    {
        var cut = Render<ImportWorkflow>(p => p.Add(x => x.WorkspaceId, "ws_a"));
        Assert.Equal("/assets/sample-people.csv", cut.Find("[data-testid=import-sample-link]").GetAttribute("href"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(SampleFile(), "sample-people.csv", contentType: "text/csv"));
        cut.WaitForElement("[data-testid=import-start]", TimeSpan.FromSeconds(10));
        Assert.Equal("sample-people.csv", cut.Find("[data-testid=import-file-name]").TextContent);
        Assert.Equal(20, cut.FindAll("[data-testid=preview-row]").Count);
        Assert.Equal(Core.Import.ColumnRole.UserId, ColumnRoleOf(cut, 0));

        cut.Find("[data-testid=import-start]").Click();
        cut.WaitForAssertion(() => Assert.Equal("25 created", cut.Find("[data-testid=import-created]").TextContent), TimeSpan.FromSeconds(20));
        Assert.Equal("0 failed", cut.Find("[data-testid=import-failed]").TextContent);
        // The counts go live as the last batch commits; the end is recorded just after and shown at the next poll.
        cut.WaitForAssertion(() => Assert.Equal("completed", cut.Find("[data-testid=import-progress] [data-testid=import-status]").TextContent),
            TimeSpan.FromSeconds(10));
        Assert.Single(cut.FindAll("[data-testid=import-history-row]"));
    }

    [Fact]
    public async Task A_viewer_cannot_import_even_when_the_workflow_is_shown()
    {
        await SignInAsync("viewer@example.com", Core.Storage.AdminRoles.Viewer);
        var uploadsBefore = Directory.GetFiles(Imports.Folder).Length;
        var cut = Render<ImportWorkflow>(p => p.Add(x => x.WorkspaceId, "ws_a"));
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(SampleFile(), "sample-people.csv", contentType: "text/csv"));
        // The domain refuses the upload itself: nothing is stored, so there is nothing to start.
        cut.WaitForAssertion(() => Assert.Equal("viewer@example.com is a Viewer: viewers can look at everything but change nothing.",
            cut.Find("[data-testid=import-error]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=import-start]"));
        Assert.Equal(uploadsBefore, Directory.GetFiles(Imports.Folder).Length);
        Assert.Empty(await Imports.HistoryAsync("ws_a"));
        Assert.Equal(0, (await People.ListAsync("ws_a", new Core.People.PeopleQuery())).Total);
    }

    [Fact]
    public async Task A_file_that_cannot_be_imported_says_why()
    {
        var cut = Render<ImportWorkflow>(p => p.Add(x => x.WorkspaceId, "ws_a"));
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("userId,email\n", "empty.csv"));
        cut.WaitForAssertion(() => Assert.Equal("empty.csv cannot be imported: The file has a header row but no rows of people below it.",
            cut.Find("[data-testid=import-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task The_page_reattaches_to_a_running_import()
    {
        var big = new System.Text.StringBuilder("userId,plan\n");
        for (var i = 0; i < 60_000; i++) big.Append($"u{i},pro\n");
        var upload = await UploadAsync("big.csv", big.ToString());
        var started = await Imports.StartAsync(Actor.System, upload, upload.Inspection.Mapping);

        var cut = Render<ImportWorkflow>(p => p.Add(x => x.WorkspaceId, "ws_a"));
        Assert.Equal("big.csv", cut.Find("[data-testid=import-progress] h6").TextContent);
        cut.Find("[data-testid=import-cancel]").Click();
        cut.WaitForAssertion(() => Assert.Equal("cancelled", cut.Find("[data-testid=import-progress] [data-testid=import-status]").TextContent), TimeSpan.FromSeconds(10));
        await Imports.WaitAsync(started.Id);
    }

    static Core.Import.ColumnRole ColumnRoleOf(IRenderedComponent<ImportWorkflow> cut, int column) =>
        cut.FindComponents<MudSelect<Core.Import.ColumnRole>>()[column].Instance.GetState(x => x.Value);
}
