using Bunit;
using Flameup.Admin.Components.Export;
using Flameup.Admin.Components.Tests.Infrastructure;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Components.Tests.Export;

public sealed class ExportMenuTests : ComponentTest
{
    [Fact]
    public void An_export_shows_how_many_people_arrived_of_how_many_and_can_be_cancelled()
    {
        var download = JSInterop.Setup<long>("flameup.download", _ => true);
        JSInterop.SetupVoid("flameup.cancelDownload");
        var cut = Render<ExportMenu>(p => p
            .Add(x => x.WorkspaceId, Ws)
            .Add(x => x.Query, new PeopleQuery { Search = "acme", Status = PersonStatus.Active })
            .Add(x => x.Count, 1000));

        cut.Find("[data-testid=export-menu] button").Click();
        Providers.WaitForElement("[data-testid=export-csv]").Click();
        cut.WaitForElement("[data-testid=export-progress]");
        var url = (string)download.Invocations.Single().Arguments[0]!;
        Assert.Contains("export.csv", url);
        Assert.Contains("search=acme", url);
        Assert.Contains("status=active", url);

        cut.InvokeAsync(() => cut.Instance.Progress(501, 1000)); // the CSV header is a line, not a person
        cut.WaitForAssertion(() => Assert.Equal("500 of 1,000 people exported", cut.Find("[data-testid=export-progress-text]").TextContent));

        cut.Find("[data-testid=export-cancel]").Click();
        Assert.Single(JSInterop.Invocations, i => i.Identifier == "flameup.cancelDownload");
        download.SetResult(-1);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=export-progress]")));
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Export cancelled")));
    }

    [Fact]
    public void A_finished_export_says_how_many_people_it_saved()
    {
        var download = JSInterop.Setup<long>("flameup.download", _ => true);
        var cut = Render<ExportMenu>(p => p.Add(x => x.WorkspaceId, Ws).Add(x => x.Query, new PeopleQuery()).Add(x => x.Count, 3));
        cut.Find("[data-testid=export-menu] button").Click();
        Providers.WaitForElement("[data-testid=export-ndjson]").Click();
        Assert.Contains("export.ndjson", (string)download.Invocations.Single().Arguments[0]!);
        download.SetResult(3); // NDJSON has no header line
        Providers.WaitForAssertion(() => Assert.Contains(Snackbars(), s => s.Contains("Exported 3 people.")));
    }
}
