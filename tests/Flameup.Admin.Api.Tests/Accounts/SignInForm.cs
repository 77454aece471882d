using System.Net;
using System.Text.RegularExpressions;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>The sign-in form posted as a browser posts it: its antiforgery token and cookie first, then the fields.</summary>
public static partial class SignInForm
{
    public const string AuthCookie = "flameup.auth";

    public sealed record Answer(HttpStatusCode Status, string? Location, string? AuthCookie, string Html)
    {
        /// <summary>The message shown above the form, decoded.</summary>
        public string? Error => LoginError().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;
    }

    public static async Task<Answer> PostAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var path = "/account/login" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        using var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = HiddenValue(html, "_handler"),
                ["__RequestVerificationToken"] = HiddenValue(html, "__RequestVerificationToken"),
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", Cookies(page)));
        using var answer = await client.SendAsync(post);
        var auth = Cookies(answer).FirstOrDefault(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return new Answer(answer.StatusCode, answer.Headers.Location?.OriginalString, auth, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>The name=value part of every Set-Cookie of a response.</summary>
    static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    static string HiddenValue(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        Assert.True(input.Success, $"no input {name} on the sign-in page");
        return WebUtility.HtmlDecode(Regex.Match(input.Value, "value=\"([^\"]*)\"").Groups[1].Value);
    }

    [GeneratedRegex("data-testid=\"login-error\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex LoginError();
}
