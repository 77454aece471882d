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

    /// <summary>The people list's filters and sort as the export's query string.</summary>
    public static string Query(PeopleQuery q)
    {
        var parts = new List<string>();
        if (q.Status is not null) parts.Add("status=" + Uri.EscapeDataString(q.Status));
        if (!string.IsNullOrEmpty(q.Search)) parts.Add("search=" + Uri.EscapeDataString(q.Search));
        if (q.CreatedSince is { } cs) parts.Add("created_since=" + Uri.EscapeDataString(Core.Common.Timestamps.Format(cs)));
        if (q.UpdatedSince is { } us) parts.Add("updated_since=" + Uri.EscapeDataString(Core.Common.Timestamps.Format(us)));
        if (q.Sort != PeopleSort.CreatedDesc) parts.Add("sort=" + Uri.EscapeDataString(PeopleSorts.ToName(q.Sort)));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    public static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{Math.Max(1, (int)Math.Ceiling(t.TotalSeconds))} s";
}
