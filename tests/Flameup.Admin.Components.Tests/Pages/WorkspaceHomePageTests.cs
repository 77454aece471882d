using Flameup.Admin.Web.Components.Pages;
using Flameup.Admin.Components.Tests.Infrastructure;

namespace Flameup.Admin.Components.Tests.Pages;

public sealed class WorkspaceHomePageTests : ComponentTest
{
    [Fact]
    public void A_workspace_address_without_a_page_opens_its_dashboard()
    {
        Render<WorkspaceHomePage>(p => p.Add(x => x.WorkspaceId, Ws));
        Assert.EndsWith($"/w/{Ws}/dashboard", Nav.Uri);
    }
}
