namespace Flameup.Admin.Core.Common;

/// <summary>The host acting on its own or for whoever operates the server (see <see cref="Actor.System"/>).</summary>
public sealed record SystemActor : Actor
{
    public static SystemActor Instance { get; } = new();
    SystemActor() { }

    public override string Description => "the system";
    public override string? Refusal(string? workspaceId, ChangeKind kind) => null;
}
