using Flameup.Admin.Core;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Workspaces;
using Flameup.Admin.Web.Hosting;

namespace Flameup.Admin.Web.Cli;

/// <summary>
/// The command line of the same binary, against the configured database (appsettings, environment
/// variables such as ConnectionStrings__People). Results go to stdout, messages to stderr.
/// </summary>
public static class CliCommands
{
    static readonly Dictionary<string, Func<IServiceProvider, CliArgs, Task<int>>> Verbs = new()
    {
        ["keys create"] = KeysCreate,
        ["keys list"] = KeysList,
        ["keys revoke"] = KeysRevoke,
        ["workspaces list"] = WorkspacesList,
        ["workspaces create"] = WorkspacesCreate,
    };

    /// <summary>Extra verbs added by other features (users, seed-demo).</summary>
    public static void Register(string verb, Func<IServiceProvider, CliArgs, Task<int>> run) => Verbs[verb] = run;

    static readonly string[] Groups = ["keys", "workspaces", "users", "seed-demo", "imports", "help", "--help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Groups.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        RegisterFeatureVerbs();
        var cli = new CliArgs(args);
        var verb = Verbs.Keys.FirstOrDefault(v => string.Join(' ', cli.Words.Take(v.Split(' ').Length)) == v);
        if (verb is null)
        {
            Console.Error.WriteLine("Usage:");
            Console.Error.WriteLine("  keys create --workspace WS --scopes people:read,people:write,people:delete [--name N]");
            Console.Error.WriteLine("  keys list [--workspace WS]");
            Console.Error.WriteLine("  keys revoke ID_OR_PREFIX");
            Console.Error.WriteLine("  workspaces list | workspaces create --id ws_x [--name N]");
            foreach (var extra in Verbs.Keys.Where(v => !v.StartsWith("keys") && !v.StartsWith("workspaces"))) Console.Error.WriteLine($"  {extra} ...");
            return args.Length > 0 && args[0] is "help" or "--help" ? 0 : 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        FlameupHost.AddShared(builder);
        await using var app = builder.Build();
        if (await DatabaseReachability.ProblemAsync(app.Services) is { } problem)
        {
            Console.Error.WriteLine($"error: {problem}");
            return 1;
        }
        try
        {
            await app.Services.MigrateDatabaseAsync();
            return await Verbs[verb](app.Services, cli);
        }
        catch (Exception e) when (e is CliException or DomainValidationException or NotFoundException or ConflictException or ForbiddenException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    static void RegisterFeatureVerbs() => CliVerbs.RegisterAll();

    static async Task<int> KeysCreate(IServiceProvider sp, CliArgs a)
    {
        var ws = a.Require("workspace");
        var scopes = a.Require("scopes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await sp.GetRequiredService<WorkspaceService>().EnsureAsync(ws);
        var created = await sp.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, a["name"], scopes);
        Console.Error.WriteLine($"Created API key '{created.Key.Name}' ({created.Key.Prefix}…) for {ws} with scopes {string.Join(",", created.Key.Scopes)}. It is shown once:");
        Console.WriteLine(created.Secret);
        return 0;
    }

    static async Task<int> KeysList(IServiceProvider sp, CliArgs a)
    {
        var keys = await sp.GetRequiredService<ApiKeyService>().ListAsync(a["workspace"]);
        Console.WriteLine($"{"ID",-36}  {"PREFIX",-12}  {"WORKSPACE",-16}  {"SCOPES",-40}  {"NAME",-20}  STATE");
        foreach (var k in keys)
            Console.WriteLine($"{k.Id,-36}  {k.Prefix,-12}  {k.WorkspaceId,-16}  {string.Join(",", k.Scopes),-40}  {k.Name,-20}  {(k.IsRevoked ? "revoked" : "active")}");
        return 0;
    }

    static async Task<int> KeysRevoke(IServiceProvider sp, CliArgs a)
    {
        var target = a.Words.Count > 2 ? a.Words[2] : a["id"] ?? throw new CliException("give the key's id or prefix: keys revoke ID_OR_PREFIX");
        var key = await sp.GetRequiredService<ApiKeyService>().RevokeAsync(Actor.System, target);
        Console.WriteLine($"Revoked {key.Prefix}… ({key.Name}) of {key.WorkspaceId}.");
        return 0;
    }

    static async Task<int> WorkspacesList(IServiceProvider sp, CliArgs a)
    {
        foreach (var w in await sp.GetRequiredService<WorkspaceService>().ListAsync()) Console.WriteLine($"{w.Id}\t{w.Name}");
        return 0;
    }

    static async Task<int> WorkspacesCreate(IServiceProvider sp, CliArgs a)
    {
        var w = await sp.GetRequiredService<WorkspaceService>().CreateAsync(Actor.System, a.Require("id"), a["name"]);
        Console.WriteLine(w.Id);
        return 0;
    }
}
