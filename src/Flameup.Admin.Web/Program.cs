using Flameup.Admin.Web.Cli;
using Flameup.Admin.Web.Hosting;

// One binary: with a verb (keys, users, seed-demo) it runs a command; with none it serves the app.
if (CliCommands.IsCommand(args)) return await CliCommands.RunAsync(args);

WebApplication app;
try
{
    app = FlameupHost.Build(args);
}
catch (StartupRefusal e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
if (await DatabaseReachability.ProblemAsync(app.Services) is { } problem)
{
    Console.Error.WriteLine(problem);
    return 1;
}
await app.RunAsync();
return 0;

public partial class Program;
