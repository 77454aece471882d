namespace Flameup.Admin.Web.Cli;

/// <summary>Where features add their command-line verbs (users, seed-demo) without touching CliCommands.</summary>
public static partial class CliVerbs
{
    public static void RegisterAll() { SeedDemoVerb.Register(); }
}
