using System.Net;
using Flameup.Admin.Web.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Web.Hosting;

/// <summary>
/// The host's HTTP hardening, configured under "Flameup:Security" (<see cref="SecuritySettings"/>): forwarded headers
/// from a trusted TLS-terminating proxy, HSTS, security headers and CSP, per-client limits for failed API
/// authentication and the sign-in form, Secure cookies, no Server header.
/// </summary>
public static class HttpSecurity
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SecuritySettings>(builder.Configuration.GetSection(SecuritySettings.Section));
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        services.AddSingleton<FailedAuthThrottle>();
        SignInLimit.Add(services);
        services.AddOptions<HstsOptions>().Configure<IOptions<SecuritySettings>>((o, s) => o.MaxAge = TimeSpan.FromDays(Math.Max(0, s.Value.HstsMaxAgeDays)));
        // Not "Always" even when asked: the antiforgery cookie is no credential, and Always would make plain-http pages fail.
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SecuritySettings>>((o, s) => ConfigureProxies(o, s.Value.ForwardedHeaders));
    }

    /// <summary>First in the pipeline: later middleware sees the client's address and scheme, and every response
    /// (errors included) gets the headers.</summary>
    public static void Use(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<SecuritySettings>>().Value;
        if (settings.ForwardedHeaders.Enabled) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment() && settings.HstsMaxAgeDays > 0) app.UseHsts(); // https responses only
        app.UseSecurityHeaders();
        app.UseFailedAuthThrottle(); // the rate limiter itself runs after authorization (AdminUi.UsePipeline): it partitions by API key
    }

    /// <summary>The sign-in cookie: Secure on https requests (a proxied https request counts once forwarded headers are
    /// on), or always (then a browser sends it back over https only).</summary>
    public static CookieSecurePolicy CookiePolicy(SecuritySettings s) =>
        s.CookiesAlwaysSecure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    static void ConfigureProxies(ForwardedHeadersOptions o, ForwardedHeadersSettings s)
    {
        // X-Forwarded-Host is left out on purpose: the Host header stays the one AllowedHosts checks.
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.ForwardLimit = Math.Max(1, s.ForwardLimit);
        // Loopback stays trusted (the framework's default): a proxy on the same machine needs no setting.
        foreach (var proxy in s.KnownProxies)
            o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                : throw new InvalidOperationException($"{SecuritySettings.Section}:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
        foreach (var network in s.KnownNetworks)
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var net) ? net
                : throw new InvalidOperationException($"{SecuritySettings.Section}:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (like 10.0.0.0/8)."));
    }
}
