using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>
/// The real host on a real Kestrel (which, unlike the in-memory test server, refuses what a browser would never get,
/// such as a non-ASCII Location header) for the sign-in tests, with a clock the test moves (the cookie handler and Identity's security-stamp
/// check take their time from it) and Identity's own password hasher, counted.
/// </summary>
public class AccountFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public CountingPasswordHasher Hasher { get; } = new();

    public AccountFactory() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IPasswordHasher<AdminUser>>(Hasher);
        });
    }

    /// <summary>A dashboard user with a password of their own (not one-time).</summary>
    public async Task<AdminUser> CreateUserAsync(string email, string password, string role)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        await scope.ServiceProvider.GetRequiredService<AdminUserService>().AddAsync(Actor.System, email, role, password);
        return (await users.FindByEmailAsync(email))!;
    }

    /// <summary>A client that neither follows redirects nor keeps cookies: each test says which cookie it sends.</summary>
    public HttpClient RawClient()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }
}

/// <summary>Identity's password hasher, counting how often a password is checked against a hash.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<AdminUser>
{
    readonly PasswordHasher<AdminUser> _inner = new();
    int _checks;

    public int Checks => Volatile.Read(ref _checks);

    public string HashPassword(AdminUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AdminUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _checks);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
