using System.Reflection;
using Microsoft.Net.Http.Headers;

namespace Flameup.Admin.Web.Api.Reference;

/// <summary>
/// The API reference at /api/docs: Scalar's standalone bundle (shipped inside Scalar.AspNetCore) started by our
/// own api-docs.js, all served from this host. Unlike MapScalarApiReference's page there is no inline script
/// and nothing is loaded from elsewhere: the page needs script-src 'self' and, for the styles Scalar adds at
/// run time, style-src 'self' 'unsafe-inline'; fonts and images come from this host or data: URLs.
/// </summary>
public static class ApiReferencePage
{
    public const string Path = "/api/docs";

    // Scalar ships its bundle gzipped (1.4 MB, 4.9 MB unpacked): sent as is to browsers that take gzip (all of them).
    static readonly Lazy<byte[]> ScalarGzip = new(() => Read(typeof(Scalar.AspNetCore.ScalarOptions).Assembly, "ScalarStaticAssets.scalar.js"));
    static readonly Lazy<byte[]> ScalarPlain = new(() => Gunzip(ScalarGzip.Value));
    static readonly Lazy<byte[]> Starter = new(() => Read(typeof(ApiReferencePage).Assembly, "api-docs.js"));
    static readonly Lazy<string> Html = new(() => System.Text.Encoding.UTF8.GetString(Read(typeof(ApiReferencePage).Assembly, "api-docs.html")));

    public static void MapApiReference(this IEndpointRouteBuilder app)
    {
        IResult Page(HttpRequest request) =>
            Results.Content(Html.Value.Replace("{{base}}", System.Net.WebUtility.HtmlEncode(request.PathBase.Value ?? "")), "text/html; charset=utf-8");
        app.MapGet(Path, Page).ExcludeFromDescription(); // also answers /api/docs/
        app.MapGet(Path + "/scalar.js", (HttpContext http) =>
        {
            http.Response.Headers.Vary = "Accept-Encoding";
            if (!http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
                return Script(http, ScalarPlain.Value);
            http.Response.Headers.ContentEncoding = "gzip";
            return Script(http, ScalarGzip.Value);
        }).ExcludeFromDescription();
        app.MapGet(Path + "/api-docs.js", (HttpContext http) => Script(http, Starter.Value)).ExcludeFromDescription();
    }

    static IResult Script(HttpContext http, byte[] content)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        var etag = new EntityTagHeaderValue($"\"{content.Length:x}-{Version}\"");
        return Results.Bytes(content, "text/javascript; charset=utf-8", entityTag: etag);
    }

    static readonly string Version = typeof(ApiReferencePage).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    static byte[] Gunzip(byte[] gzip)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    static byte[] Read(Assembly assembly, string suffix)
    {
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
