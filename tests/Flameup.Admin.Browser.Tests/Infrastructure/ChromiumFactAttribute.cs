namespace Flameup.Admin.Browser.Tests.Infrastructure;

/// <summary>
/// A browser test: skipped, with the reason, when Debian's chromium is not installed
/// (<c>apt-get install -y chromium</c>; <c>.ci/run</c> does it). Playwright cannot download its own browser here.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
            Skip = $"Browser test skipped: no Chromium at {Chromium.DefaultPath} (or $CHROMIUM_PATH). Install it with 'apt-get install -y chromium' — .ci/run does — to run the browser tests.";
    }
}

public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The browser to drive: $CHROMIUM_PATH, else /usr/bin/chromium; null when neither exists.</summary>
    public static string? Path { get; } = Find();

    static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
        return File.Exists(DefaultPath) ? DefaultPath : null;
    }

    /// <summary>Flags for headless Chromium in containers and CI (no sandbox, GPU, background traffic).</summary>
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];
}
