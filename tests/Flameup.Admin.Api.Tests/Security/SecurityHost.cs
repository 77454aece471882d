using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using System.Net;
using System.Text.RegularExpressions;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Security;

/// <summary>The app on a real Kestrel port (127.0.0.1) with the given settings, one per test.</summary>
public sealed partial class SecurityHost(Dictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) : ApiFactory
{
    public const string Email = "security@flameup.test";
    public const string Password = "Security-Test-Passw0rd";

    protected override IDictionary<string, string> Settings => settings ?? [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    public Uri BaseUri
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    public static async Task<SecurityHost> StartAsync(Dictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = new SecurityHost(settings, services);
        try
        {
            host.UseKestrel(0);
            host.StartServer();
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AdminUserService>().AddAsync(Actor.System, Email, AdminRoles.Admin, Password);
            return host;
        }
        catch
        {
            await host.DisposeAsync(); // the caller never gets the host to dispose: its database would stay behind
            throw;
        }
    }

    /// <summary>A plain client to the real port: no redirects followed, cookies handled by hand (<see cref="Browser"/>).</summary>
    public HttpClient Raw() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUri };

    /// <summary>Posts the sign-in form as a browser would: the page's antiforgery token and cookie, the form's fields.</summary>
    public async Task<HttpResponseMessage> SignInAsync(Browser browser, string password = Password, bool rememberMe = false, Action<HttpRequestMessage>? tweak = null)
    {
        var page = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/login"), tweak);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenInput().Match(html);
        Assert.True(token.Success, "no antiforgery token on the sign-in page");
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Email"] = Email,
            ["Input.Password"] = password,
        };
        if (rememberMe) fields["Input.RememberMe"] = "true";
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) }, tweak);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}

/// <summary>A cookie jar over a raw client, keeping the last Set-Cookie header of each cookie for inspection.</summary>
public sealed class Browser(HttpClient client)
{
    readonly Dictionary<string, string> _cookies = new();
    public Dictionary<string, string> SetCookies { get; } = new();

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Action<HttpRequestMessage>? tweak = null)
    {
        request.Headers.Accept.ParseAdd("text/html");
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        tweak?.Invoke(request);
        var response = await client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0];
            var name = pair[..pair.IndexOf('=')];
            var value = pair[(pair.IndexOf('=') + 1)..];
            SetCookies[name] = header;
            if (value.Length == 0) _cookies.Remove(name); else _cookies[name] = value;
        }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? tweak = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), tweak);
}
