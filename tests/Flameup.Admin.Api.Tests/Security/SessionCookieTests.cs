using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flameup.Admin.Api.Tests.Security;

/// <summary>The sign-in cookie: Secure behind TLS, an idle timeout, "keep me signed in" separate.</summary>
public sealed class SessionCookieTests
{
    static void ViaTlsProxy(HttpRequestMessage r)
    {
        r.Headers.Add("X-Forwarded-Proto", "https");
        r.Headers.Add("X-Forwarded-For", "203.0.113.20");
    }

    [Fact]
    public async Task Over_plain_http_the_cookie_is_a_session_cookie_and_not_Secure()
    {
        await using var host = await SecurityHost.StartAsync();
        using var http = host.Raw();
        var browser = new Browser(http);
        var signedIn = await host.SignInAsync(browser, tweak: ViaTlsProxy); // forwarded headers are off: not believed
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = browser.SetCookies["flameup.auth"].ToLowerInvariant();
        Assert.DoesNotContain("secure", cookie);
        Assert.DoesNotContain("expires", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_TLS_proxy_every_cookie_is_Secure()
    {
        await using var host = await SecurityHost.StartAsync(new() { ["Flameup:Security:ForwardedHeaders:Enabled"] = "true" });
        using var http = host.Raw();
        var browser = new Browser(http);
        var signedIn = await host.SignInAsync(browser, tweak: ViaTlsProxy);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("secure", browser.SetCookies["flameup.auth"].ToLowerInvariant());
        Assert.Contains(browser.SetCookies, c => c.Key.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal) && c.Value.ToLowerInvariant().Contains("secure"));
    }

    [Fact]
    public async Task CookiesAlwaysSecure_marks_them_Secure_even_on_http()
    {
        await using var host = await SecurityHost.StartAsync(new() { ["Flameup:Security:CookiesAlwaysSecure"] = "true" });
        using var http = host.Raw();
        var browser = new Browser(http);
        await host.SignInAsync(browser);
        Assert.Contains("secure", browser.SetCookies["flameup.auth"].ToLowerInvariant());
    }

    [Fact]
    public async Task Keep_me_signed_in_gives_a_persistent_cookie_for_the_configured_days()
    {
        await using var host = await SecurityHost.StartAsync(new() { ["Flameup:Security:RememberMeDays"] = "7" });
        using var http = host.Raw();
        var browser = new Browser(http);
        var before = DateTimeOffset.UtcNow;
        await host.SignInAsync(browser, rememberMe: true);
        var cookie = browser.SetCookies["flameup.auth"];
        var expires = cookie.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))["expires=".Length..];
        var at = DateTimeOffset.Parse(expires, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddDays(7).AddMinutes(-2), before.AddDays(7).AddMinutes(2));
    }

    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_keep_me_signed_in_lasts_the_configured_days()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await SecurityHost.StartAsync(
            new() { ["Flameup:Security:SessionIdleMinutes"] = "60", ["Flameup:Security:RememberMeDays"] = "7" },
            services => services.AddSingleton<TimeProvider>(clock));
        using var http = host.Raw();

        var session = new Browser(http);
        var remembered = new Browser(http);
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(session)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await host.SignInAsync(remembered, rememberMe: true)).StatusCode);

        // Sliding: in use every 40 minutes, the session goes on past the first hour.
        clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
        // Idle for more than an hour: signed out.
        clock.Advance(TimeSpan.FromMinutes(61));
        var expired = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Contains("/account/login", expired.Headers.Location!.ToString());

        // "Keep me signed in" survived the same 2 h 21 min idle, and ends after 7 days without a visit.
        Assert.Equal(HttpStatusCode.OK, (await remembered.GetAsync("/")).StatusCode);
        clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(HttpStatusCode.OK, (await remembered.GetAsync("/")).StatusCode);
        clock.Advance(TimeSpan.FromDays(7.1));
        Assert.Equal(HttpStatusCode.Redirect, (await remembered.GetAsync("/")).StatusCode);
    }
}
