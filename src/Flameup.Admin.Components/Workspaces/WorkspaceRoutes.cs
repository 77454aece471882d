namespace Flameup.Admin.Components.Workspaces;

/// <summary>
/// The current workspace lives in the URL: every workspace page is under <c>/w/{workspaceId}/{section}</c>
/// (dashboard, people, import, settings), so a view can be bookmarked and shared and two tabs can show two
/// workspaces. Pages take <c>WorkspaceId</c> as a route parameter; the layout reads it from the address.
/// </summary>
public static class WorkspaceRoutes
{
    public const string Dashboard = "dashboard";
    public const string People = "people";
    public const string Import = "import";
    public const string Settings = "settings";

    public static string Section(string workspaceId, string section) => $"/w/{Uri.EscapeDataString(workspaceId)}/{section}";
    public static string DashboardOf(string workspaceId) => Section(workspaceId, Dashboard);
    public static string PeopleOf(string workspaceId) => Section(workspaceId, People);
    public static string PersonOf(string workspaceId, Guid personId) => $"{PeopleOf(workspaceId)}/{personId}";
    public static string ImportOf(string workspaceId) => Section(workspaceId, Import);
    public static string SettingsOf(string workspaceId) => Section(workspaceId, Settings);

    /// <summary>The workspace id and section of a base-relative path such as <c>w/ws_demo/people/…?x=1</c>.</summary>
    public static bool TryParse(string relativePath, out string workspaceId, out string? section)
    {
        workspaceId = "";
        section = null;
        var path = relativePath.Split('?', '#')[0].Trim('/');
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != "w") return false;
        workspaceId = Uri.UnescapeDataString(parts[1]);
        section = parts.Length > 2 ? parts[2] : null;
        return true;
    }

    /// <summary>Where to go when switching workspace: the same section in the other workspace (not the same person or filters).</summary>
    public static string Switch(string relativePath, string toWorkspaceId)
    {
        TryParse(relativePath, out _, out var section);
        return Section(toWorkspaceId, section ?? Dashboard);
    }
}
