namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// Headers on every response (pages, files, API, errors): Content-Security-Policy for its kind
/// (<see cref="ContentSecurityPolicy"/>), X-Content-Type-Options, Referrer-Policy, X-Frame-Options. Set as the
/// response starts, so they also replace what the framework set on the way (its frame-ancestors policy).
/// </summary>
public static class SecurityHeaders
{
    public const string DocsPath = "/api/docs";

    static readonly string[] MachinePaths = ["/api", "/openapi", "/health"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        await next(context);
    });

    static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin"; // URLs carry workspace ids and searches: never to other sites
        headers.XFrameOptions = "DENY";
        var path = context.Request.Path;
        headers.ContentSecurityPolicy = path.StartsWithSegments(DocsPath, StringComparison.OrdinalIgnoreCase) ? ContentSecurityPolicy.Docs
            : IsMachinePath(path) ? ContentSecurityPolicy.Api
            : ContentSecurityPolicy.ForApp(context);
    }

    static bool IsMachinePath(PathString path) => MachinePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
