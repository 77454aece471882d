namespace Flameup.Admin.Web.Hosting;

/// <summary>The admin dashboard's part of the host: sign-in, Blazor components, first admin.</summary>
public static class AdminUi
{
    public sealed record FirstAdmin(string Email, string Password);

    /// <summary>Services the command line needs too (user store).</summary>
    public static void AddShared(WebApplicationBuilder builder) { }

    public static void AddServer(WebApplicationBuilder builder) { }

    public static void UsePipeline(WebApplication app) { }

    public static void MapEndpoints(WebApplication app) { }

    /// <summary>Creates the first admin on a database without one; returns the credentials to print, or null.</summary>
    public static Task<FirstAdmin?> EnsureFirstAdminAsync(IServiceProvider services, CancellationToken ct) => Task.FromResult<FirstAdmin?>(null);
}
