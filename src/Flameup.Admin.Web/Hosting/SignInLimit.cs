using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Flameup.Admin.Web.Components;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// Sign-in form submissions per client address (the framework's rate limiter, fixed window): beyond the limit the
/// form gets a readable 429 page with Retry-After instead of another password check. Account lockout still guards
/// each account; this guards against one address trying many accounts.
/// </summary>
public static class SignInLimit
{
    /// <summary>The rate-limiter policy of the sign-in page's form posts.</summary>
    public const string Policy = "sign-in";

    public static void Add(IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, ct) => ctx.HttpContext.Request.Path.StartsWithSegments(Api.PeopleEndpoints.ApiPrefix)
                ? new ValueTask(Api.ApiKeyRateLimit.RejectAsync(ctx.HttpContext, ctx.Lease,
                    ctx.HttpContext.RequestServices.GetRequiredService<IOptions<Api.ApiOptions>>().Value))
                : WriteRejectionAsync(ctx.HttpContext, ctx.Lease, ct);
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecuritySettings>>((o, settings) =>
        {
            var s = settings.Value;
            var limiter = new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, s.SignInLimit),
                Window = TimeSpan.FromSeconds(Math.Max(1, s.SignInWindowSeconds)),
                QueueLimit = 0,
            };
            // The sign-in page's policy (LoginPage.razor), not a global limiter: other requests never pass its lock.
            o.AddPolicy(Policy, ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(ctx), _ => limiter)
                : RateLimitPartition.GetNoLimiter(""));
        });
    }

    static async ValueTask WriteRejectionAsync(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString();
        http.Response.ContentType = "text/html; charset=utf-8";
        var again = HtmlEncoder.Default.Encode(AdminUi.LoginPath + http.Request.QueryString);
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1.0" />
                <title>Too many sign-in attempts · Flameup Admin</title>
                <link rel="stylesheet" href="/assets/app.css" />
                {InlineScripts.ThemeElement}
            </head>
            <body>
            <div class="account-shell">
                <main class="account-card" role="main">
                    <div class="account-brand">
                        <img src="/assets/logo.svg" alt="" width="40" height="40" />
                        <div><div class="account-brand-name">Flameup Admin</div></div>
                    </div>
                    <h1 class="account-title">Too many sign-in attempts</h1>
                    <div class="account-alert account-alert-error" role="alert" data-testid="sign-in-throttled">
                        Too many sign-in attempts came from your network in a short time. Wait {seconds} seconds, then
                        <a href="{again}">try again</a>.
                    </div>
                </main>
            </div>
            </body>
            </html>
            """, ct);
    }
}
