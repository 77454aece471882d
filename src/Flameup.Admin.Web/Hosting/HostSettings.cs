namespace Flameup.Admin.Web.Hosting;

/// <summary>Settings of the host (section "Flameup"); see appsettings.example.json.</summary>
public sealed class HostSettings
{
    /// <summary>On an empty database, create the workspace ws_demo with an API key and print it once.</summary>
    public bool CreateDemoWorkspace { get; set; } = true;
}
