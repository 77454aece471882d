using Flameup.Admin.Core.People;

namespace Flameup.Admin.Components.Import;

/// <summary>The download addresses the Web host serves for imports and exports (one place for both sides).</summary>
public static class ImportLinks
{
    public const string SampleFile = "/assets/sample-people.csv"; // wwwroot-assets, served by the host

    static string Ws(string ws) => $"/admin/workspaces/{Uri.EscapeDataString(ws)}";
    public const string GroupPattern = "/admin/workspaces/{ws}";
    public static string ExportCsv(string ws, string? query = null) => $"{Ws(ws)}/people/export.csv{query}";
    public static string ExportNdjson(string ws, string? query = null) => $"{Ws(ws)}/people/export.ndjson{query}";
    public static string PersonData(string ws, Guid id) => $"{Ws(ws)}/people/{id}/data.json";
    public static string FailedRows(string ws, string importId) => $"{Ws(ws)}/imports/{importId}/failed.csv";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    public static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{Math.Max(1, (int)Math.Ceiling(t.TotalSeconds))} s";
}
