using System.Text;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// Headers on every response (pages, files, API, errors): Content-Security-Policy for its kind
/// (<see cref="ContentSecurityPolicy"/>), X-Content-Type-Options, Referrer-Policy, X-Frame-Options. Set as the
/// response starts, so they also replace what the framework set on the way (its frame-ancestors policy).
/// </summary>
public static class SecurityHeaders
{
    public const string DocsPath = "/api/docs";
    const string PolicyItem = "flameup.csp";

    static readonly string[] MachinePaths = ["/api", "/openapi", "/health"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        if (IsDocsPage(context.Request.Path)) await BufferDocsPageAsync(context, next);
        else await next(context);
    });

    static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin"; // URLs carry workspace ids and searches: never to other sites
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = context.Items[PolicyItem] as string
            ?? (IsMachinePath(context.Request.Path) ? ContentSecurityPolicy.Api : ContentSecurityPolicy.ForApp(context));
    }

    static bool IsMachinePath(PathString path) =>
        !path.StartsWithSegments(DocsPath, StringComparison.OrdinalIgnoreCase)
        && MachinePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The reference's HTML page (not its script and style files, which have a dot in their name).</summary>
    static bool IsDocsPage(PathString path) =>
        path.StartsWithSegments(DocsPath, StringComparison.OrdinalIgnoreCase, out var rest) && !rest.Value!.Contains('.');

    /// <summary>The page is small and its start-up script carries the configuration: hash what is actually sent.</summary>
    static async Task BufferDocsPageAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            context.Items[PolicyItem] = ContentSecurityPolicy.ForDocs(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}
