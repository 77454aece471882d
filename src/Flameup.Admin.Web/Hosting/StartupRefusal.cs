namespace Flameup.Admin.Web.Hosting;

/// <summary>A setting the server cannot run without; printed as one line and the process ends with exit code 1.</summary>
public sealed class StartupRefusal(string message) : Exception(message);
