using Flameup.Admin.Core.Admins;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// Someone signed in with a one-time password (<see cref="OneTimePassword"/>) reaches only the account pages and
/// the files they need until they choose their own password: a page request goes to the change-password page,
/// anything else (the Blazor hub, exports) is refused. The REST API is not concerned: it signs in with keys.
/// </summary>
public static class PasswordChangeGate
{
    public const string ChangePasswordPath = "/account/password";

    static readonly string[] Open = ["/account", "/assets", "/_framework", "/_content", "/favicon.ico", "/api", "/openapi", "/health"];

    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (!OneTimePassword.IsRequired(ctx.User) || Open.Any(p => ctx.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(ctx);
            return;
        }
        if (HttpMethods.IsGet(ctx.Request.Method) && AdminUi.AcceptsHtml(ctx.Request))
        {
            ctx.Response.Redirect(ChangePasswordPath);
            return;
        }
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        await ctx.Response.WriteAsync("Choose your own password first: the one you were given works only once. Open " + ChangePasswordPath + ".");
    });
}
