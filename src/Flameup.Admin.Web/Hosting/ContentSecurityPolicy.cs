using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flameup.Admin.Web.Components;
using Microsoft.AspNetCore.Components;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// The Content-Security-Policy of each kind of response. Scripts only from this host plus inline scripts allowed by
/// their SHA-256 hash (never 'unsafe-inline' or 'unsafe-eval'); styles may be inline because MudBlazor writes style
/// attributes and its theme as a style element; nothing from other hosts.
/// </summary>
public static partial class ContentSecurityPolicy
{
    /// <summary>JSON, problem+json, health: nothing to load or run.</summary>
    public const string Api = "default-src 'none'; frame-ancestors 'none'";

    static readonly string ThemeHash = Hash(InlineScripts.Theme);
    static readonly ConditionalWeakTable<ImportMapDefinition, string> ImportMapHashes = new();

    /// <summary>The dashboard's pages and files: its inline theme script and the framework's import map (by hash).</summary>
    public static string ForApp(HttpContext context)
    {
        var scripts = $"'self' {ThemeHash}";
        // The import map names fingerprinted files, so its text (and hash) changes with every build: take the one
        // this endpoint renders (the ImportMap component reads the same metadata).
        if (context.GetEndpoint()?.Metadata.GetMetadata<ImportMapDefinition>() is { } map)
            scripts += " " + ImportMapHashes.GetValue(map, m => Hash(m.ToString()));
        return Page(scripts);
    }

    /// <summary>The API reference (<c>Api/Reference</c>): its own script files from this host, no inline script.</summary>
    public static readonly string Docs = Page("'self'");

    static string Page(string scriptSources) =>
        $"default-src 'self'; script-src {scriptSources}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>"'sha256-…'" of the exact text between &lt;script&gt; and &lt;/script&gt;.</summary>
    public static string Hash(string scriptText) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(scriptText)))}'";

    /// <summary>The text of every script element without a src attribute.</summary>
    public static IEnumerable<string> InlineScriptBodies(string html) =>
        InlineScript().Matches(html).Select(m => m.Groups["body"].Value);

    [GeneratedRegex(@"<script(?![^>]*\ssrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
