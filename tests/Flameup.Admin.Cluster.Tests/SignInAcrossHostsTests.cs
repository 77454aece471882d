using System.Net;
using System.Text.RegularExpressions;

namespace Flameup.Admin.Cluster.Tests;

/// <summary>The sign-in cookie is protected with data-protection keys kept in the database, so every host reads it.</summary>
[Collection("cluster")]
public sealed partial class SignInAcrossHostsTests(ClusterFixture fixture)
{
    Cluster Cluster => fixture.Cluster;

    [ClusterFact]
    public async Task A_sign_in_cookie_issued_by_one_host_is_accepted_by_the_other()
    {
        var cookie = await SignInAsync(Cluster.A, Cluster.AdminEmail, Cluster.AdminPassword);

        var onB = await GetAsync(Cluster.B, "/", cookie);
        Assert.True(onB.StatusCode == HttpStatusCode.OK, $"B answered {onB.StatusCode} (Location {onB.Headers.Location}) to A's cookie\n{Cluster.Outputs}");
        var anonymous = await GetAsync(Cluster.B, "/", cookie: null);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery);
    }

    /// <summary>The real form: its page (antiforgery cookie and token) from the host, then the post; returns the auth cookie.</summary>
    static async Task<string> SignInAsync(HostProcess host, string email, string password)
    {
        using var http = Client(host);
        using var page = await http.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = Hidden(html, "_handler"),
                ["__RequestVerificationToken"] = Hidden(html, "__RequestVerificationToken"),
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", Cookies(page)));
        using var answer = await http.SendAsync(post);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"sign-in on {host.Name} answered {answer.StatusCode}\n{host.Output}");
        return Cookies(answer).Single(c => c.StartsWith("flameup.auth=", StringComparison.Ordinal));
    }

    static async Task<HttpResponseMessage> GetAsync(HostProcess host, string path, string? cookie)
    {
        using var http = Client(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    static HttpClient Client(HostProcess host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(host.BaseUrl) };

    static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    static string Hidden(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        Assert.True(input.Success, $"no input {name} on the sign-in page");
        return WebUtility.HtmlDecode(Regex.Match(input.Value, "value=\"([^\"]*)\"").Groups[1].Value);
    }
}
