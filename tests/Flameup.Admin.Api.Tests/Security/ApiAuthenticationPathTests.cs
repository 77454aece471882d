using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Flameup.Admin.Api.Tests.Security;

/// <summary>API requests authenticate their key only: the cookie scheme (the default) is not run for them.</summary>
public sealed class ApiAuthenticationPathTests
{
    /// <summary>Counts the lookups of the default scheme, which only the authentication middleware makes.</summary>
    sealed class CountingSchemes(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
    {
        public static int DefaultLookups;

        public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync()
        {
            Interlocked.Increment(ref DefaultLookups);
            return base.GetDefaultAuthenticateSchemeAsync();
        }
    }

    [Fact]
    public async Task An_API_request_runs_no_cookie_authentication_and_a_page_does()
    {
        await using var host = await SecurityHost.StartAsync(services: s => s.AddSingleton<IAuthenticationSchemeProvider, CountingSchemes>());
        var (ws, key) = await host.NewWorkspaceAsync();
        using var client = host.Raw();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var before = Volatile.Read(ref CountingSchemes.DefaultLookups);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/workspaces/{ws}/people?limit=1")).StatusCode);
        Assert.Equal(before, Volatile.Read(ref CountingSchemes.DefaultLookups));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.True(Volatile.Read(ref CountingSchemes.DefaultLookups) > before, "the sign-in page runs the cookie scheme");
    }
}
