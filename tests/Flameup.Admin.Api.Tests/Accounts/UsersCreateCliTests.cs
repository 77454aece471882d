using Flameup.Admin.Storage.Sqlite;
using System.Diagnostics;
using Flameup.Admin.Core;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Accounts;

/// <summary>`users create` run as the operator runs it: the built binary against a database file.</summary>
public sealed class UsersCreateCliTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-cli-").FullName;
    string Database => Path.Combine(_folder, "cli.db");

    async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Flameup.Admin.Web.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__People"] = $"Data Source={Database}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    async Task<bool> IsOneTimeAsync(string email)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlameupCore(o => o.UseSqlite($"Data Source={Database}"));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddAdminIdentity();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        return (await users.GetClaimsAsync(user)).Any(c => c.Type == OneTimePassword.ClaimType);
    }

    [Fact]
    public async Task A_generated_password_is_one_time_a_given_one_is_not_and_a_weak_one_is_refused_naming_the_rule()
    {
        var generated = await RunAsync("users", "create", "--email", "gen@example.com", "--role", "Viewer");
        Assert.True(generated.Code == 0, generated.Err);
        Assert.Equal(16, generated.Out.Trim().Split('\n').Last().Trim().Length);
        Assert.True(await IsOneTimeAsync("gen@example.com"));

        var given = await RunAsync("users", "create", "--email", "own@example.com", "--password", "Own-Chosen-Pass-42");
        Assert.True(given.Code == 0, given.Err);
        Assert.False(await IsOneTimeAsync("own@example.com"));

        // Same email again with a generated password: a reset, one-time again.
        var reset = await RunAsync("users", "create", "--email", "own@example.com");
        Assert.True(reset.Code == 0, reset.Err);
        Assert.True(await IsOneTimeAsync("own@example.com"));

        var weak = await RunAsync("users", "create", "--email", "weak@example.com", "--password", "Password1234");
        Assert.Equal(1, weak.Code);
        Assert.Contains("common password", weak.Err);

        // A padded email is normalised by the one email rule (as on REST, the person page and CSV import).
        var padded = await RunAsync("users", "create", "--email", " padded@example.com ");
        Assert.True(padded.Code == 0, padded.Err);
        Assert.True(await IsOneTimeAsync("padded@example.com"));
        var bad = await RunAsync("users", "create", "--email", "not an address");
        Assert.Equal(1, bad.Code);
        Assert.Contains("--email must be an email address", bad.Err);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
