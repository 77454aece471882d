namespace Flameup.Admin.Components.Import;

/// <summary>The import page's sample file and how it shows sizes and durations (downloads: <see cref="Shared.DownloadLinks"/>).</summary>
public static class ImportLinks
{
    public const string SampleFile = "/assets/sample-people.csv"; // wwwroot-assets, served by the host

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    public static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{Math.Max(1, (int)Math.Ceiling(t.TotalSeconds))} s";
}
