namespace Flameup.Admin.Components.Shared;

/// <summary>The download addresses the Web host serves for the dashboard (exports, a person's data, an import's failed rows): one place for both sides.</summary>
public static class DownloadLinks
{
    static string Ws(string ws) => $"/admin/workspaces/{Uri.EscapeDataString(ws)}";
    public const string GroupPattern = "/admin/workspaces/{ws}";
    public static string ExportCsv(string ws, string? query = null) => $"{Ws(ws)}/people/export.csv{query}";
    public static string ExportNdjson(string ws, string? query = null) => $"{Ws(ws)}/people/export.ndjson{query}";
    public static string PersonData(string ws, Guid id) => $"{Ws(ws)}/people/{id}/data.json";
    public static string FailedRows(string ws, string importId) => $"{Ws(ws)}/imports/{importId}/failed.csv";
}
