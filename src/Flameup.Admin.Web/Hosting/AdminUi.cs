using System.Security.Claims;
using Flameup.Admin.Components;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Components;
using Flameup.Admin.Web.Components.Account;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// The admin dashboard's part of the host: Identity cookie sign-in on <see cref="AppDbContext"/>, data-protection
/// keys in the database, the Blazor components (Interactive Server, MudBlazor), brand assets, and the first admin.
/// Every page and the Blazor hub require a signed-in user; the REST API, OpenAPI, API docs and health never see a
/// cookie challenge (they answer 401 themselves or are public).
/// </summary>
public static class AdminUi
{
    public sealed record FirstAdmin(string Email, string Password, bool OneTime);

    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    /// <summary>The framework's switch for static-asset hot reload (see <see cref="AddServer"/>).</summary>
    public const string ReloadStaticAssetsKey = "ReloadStaticAssetsAtRuntime";
    /// <summary>The mark UseAuthentication leaves on a pipeline, which WebApplication checks before adding its own.</summary>
    const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>Paths that are never redirected to the sign-in page (machine clients).</summary>
    static readonly string[] MachinePaths = ["/api", "/openapi", "/health", "/_blazor", "/_framework", "/assets"];

    /// <summary>Services the command line needs too (user store, data protection).</summary>
    public static void AddShared(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Identity's stores and data protection want a scoped context; Core registers a pooled factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        // Data protection warms its key ring in a hosted service; the schema must exist before it (registered first, runs first).
        services.AddHostedService<MigrateBeforeKeyRing>();
        // Keys live unencrypted in the same database as the data they protect (sessions, antiforgery): say so once
        // here rather than warn on every first start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        services.AddDataProtection()
            .SetApplicationName("Flameup.Admin")
            .PersistKeysToDbContext<AppDbContext>();
        services.AddAdminIdentity() // the account rules (password, lockout, session checks): Core's AdminIdentity
            .AddClaimsPrincipalFactory<AdminClaimsFactory>()
            .AddDefaultTokenProviders();
    }

    public static void AddServer(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Serve the framework's and MudBlazor's files from the build output in every environment (tests run in
        // Production); a no-op for a published app, whose wwwroot holds them.
        builder.WebHost.UseStaticWebAssets();
        // Run from the build output, MapStaticAssets turns on its hot reload in every environment: a catch-all route
        // whose constraint stats a file for every request (a tenth of an API GET's CPU) and no-cache on every asset.
        // Hot reload is for Development; elsewhere it is off unless configured.
        if (!builder.Environment.IsDevelopment() && builder.Configuration[ReloadStaticAssetsKey] is null)
            builder.Configuration[ReloadStaticAssetsKey] = "false";
        services.AddHttpContextAccessor();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<AdminUser>().AddSignInManager<AdminSignInManager>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "flameup.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = LoginPath;
            o.LogoutPath = LogoutPath;
            o.AccessDeniedPath = LoginPath;
            o.SlidingExpiration = true; // ExpireTimeSpan (the idle timeout) and Secure: from Flameup:Security below
            o.Events.OnSigningIn = KeepSignedInLonger;
            // A machine client (API, hub negotiation, health) gets a status code, never a redirect to an HTML page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
            // The sign-in page sends the user on itself (a local, escaped address); the handler would copy the raw
            // ReturnUrl into the Location header, and a non-ASCII one made that a 500.
            o.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<SecuritySettings>>((o, s) =>
        {
            o.ExpireTimeSpan = TimeSpan.FromMinutes(Math.Max(1, s.Value.SessionIdleMinutes));
            o.Cookie.SecurePolicy = HttpSecurity.CookiePolicy(s.Value);
        });
        services.AddAuthorization(); // signed in or not; what a user may change is the domain's rule (Core's Actor), role read from the database
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();

        services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            o.DetailedErrors = builder.Environment.IsDevelopment();
        });
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            c.SnackbarConfiguration.PreventDuplicates = false;
            c.SnackbarConfiguration.VisibleStateDuration = 5000;
            c.SnackbarConfiguration.ShowCloseIcon = true;
        });
        services.AddFlameupComponents();
    }

    /// <summary>"Keep me signed in" (a persistent cookie) lasts RememberMeDays from the last visit instead of the idle
    /// timeout. Runs on every sign-in, the security stamp's refresh included, so the longer span is kept.</summary>
    static Task KeepSignedInLonger(CookieSigningInContext ctx)
    {
        if (ctx.Properties.IsPersistent)
        {
            var days = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<SecuritySettings>>().Value.RememberMeDays;
            var now = (ctx.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
            ctx.Properties.IssuedUtc = now;
            ctx.Properties.ExpiresUtc = now.AddDays(Math.Max(1, days));
        }
        return Task.CompletedTask;
    }

    static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsMachinePath(ctx.Request.Path) || !AcceptsHtml(ctx.Request))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool IsMachinePath(PathString path) =>
        MachinePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    internal static bool AcceptsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return string.IsNullOrEmpty(accept) || accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*");
    }

    public static void UsePipeline(WebApplication app)
    {
        // Brand assets (css, logo, favicon, sample files) are public: the sign-in page needs them.
        var assets = FindAssets(app.Environment.ContentRootPath);
        if (assets is not null)
        {
            var provider = new PhysicalFileProvider(assets);
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = provider,
                RequestPath = "/assets",
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
            });
            app.MapGet("/favicon.ico", () => Results.File(Path.Combine(assets, "favicon.svg"), "image/svg+xml")).AllowAnonymous().ExcludeFromDescription();
        }
        // A mistyped page address gets the friendly page; API paths keep their problem+json 404.
        app.UseWhen(ctx => !IsMachinePath(ctx.Request.Path) && HttpMethods.IsGet(ctx.Request.Method) && AcceptsHtml(ctx.Request),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseRouting(); // after the re-execute, so /not-found is routed
        // The REST API authenticates only its key, through its endpoints' policies (ApiKeyPolicies): running the
        // cookie scheme on every API request too cost a handler and a cookie lookup per request for nothing.
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments(Api.PeopleEndpoints.ApiPrefix), ui => ui.UseAuthentication());
        // UseWhen's branch keeps its own properties: without this mark, WebApplication sees no authentication middleware
        // in the main pipeline and adds one of its own in front of everything, for API requests too.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseAuthorization();
        app.UseRateLimiter(); // after authorization: the API's limit is per authenticated key
        app.UsePasswordChangeGate();
        app.UseAntiforgery();
    }

    /// <summary>wwwroot-assets at the repository root (dotnet run: edits show on reload), else the copy next to the binary.</summary>
    internal static string? FindAssets(string contentRoot)
    {
        string[] candidates =
        [
            Path.GetFullPath(Path.Combine(contentRoot, "..", "..", "wwwroot-assets")),
            Path.Combine(contentRoot, "wwwroot-assets"),
            Path.Combine(AppContext.BaseDirectory, "wwwroot-assets"),
        ];
        return candidates.FirstOrDefault(Directory.Exists);
    }

    public static void MapEndpoints(WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(typeof(FlameupComponents).Assembly)
            .RequireAuthorization();
        // The form in App.razor carries the antiforgery token; a cross-site POST has none and signs no one out.
        app.MapPost(LogoutPath, async (HttpContext http, IAntiforgery antiforgery, SignInManager<AdminUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                    detail: "Sign out with the menu of the app: this request did not carry the page's antiforgery token.");
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath + "?signedOut=1");
        }).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>
    /// Creates the first admin on a database without one; returns the credentials to print, or null. A generated
    /// password works once (the admin chooses their own at first sign-in); one set in Admin:Password does not.
    /// </summary>
    public static async Task<FirstAdmin?> EnsureFirstAdminAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        if (await users.Users.AnyAsync(ct)) return null;
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var email = config["Admin:Email"];
        if (string.IsNullOrWhiteSpace(email)) email = "admin@flameup.local";
        try
        {
            var added = await scope.ServiceProvider.GetRequiredService<AdminUserService>()
                .AddAsync(Actor.System, email, AdminRoles.Admin, config["Admin:Password"], ct);
            return added.OneTimePassword is { } once
                ? new FirstAdmin(email, once, OneTime: true)
                : new FirstAdmin(email, "(the one set in Admin:Password)", OneTime: false);
        }
        catch (Exception e) when (e is DomainValidationException or ConflictException or DbUpdateException)
        {
            if (await users.Users.AnyAsync(ct)) return null; // another host starting on the same empty database created it first
            if (e is not DomainValidationException invalid) throw;
            var why = string.Join(" ", invalid.Errors.SelectMany(f => f.Value.Select(m => $"{f.Key} {m}".TrimEnd('.') + ".")));
            throw new InvalidOperationException($"Could not create the first admin {email}: {why} Fix Admin:Email / Admin:Password and start again.");
        }
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

/// <summary>Creates or migrates the schema before data protection reads its keys from the database.</summary>
sealed class MigrateBeforeKeyRing(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => services.MigrateDatabaseAsync(ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Adds the user's <see cref="AdminUser.Role"/> as a role claim.</summary>
public sealed class AdminClaimsFactory(UserManager<AdminUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AdminUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AdminUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        return identity;
    }
}
