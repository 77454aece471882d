namespace Flameup.Admin.Core.Common;

/// <summary>
/// Who asks for a change: a dashboard user (<c>AdminActor</c>), an API key (<c>ApiKeyActor</c>) or the host itself
/// (<see cref="System"/>). Every mutating domain method takes one first and checks it once, at its top, with
/// <see cref="EnsureCanChange"/>; components ask <see cref="CanChange"/> whether to show change controls.
/// </summary>
public abstract record Actor
{
    /// <summary>The command line, first start, background jobs and demo seeding: may change anything.</summary>
    public static Actor System => SystemActor.Instance;

    /// <summary>Who this is, for messages and logs ("jane@example.com", "API key flk_abc…").</summary>
    public abstract string Description { get; }

    /// <summary>Why this actor may not make a change of <paramref name="kind"/> in <paramref name="workspaceId"/>
    /// (null: not about one workspace), or null when it may. The one place each actor's rule is written.</summary>
    public abstract string? Refusal(string? workspaceId, ChangeKind kind);

    public bool CanChange(string? workspaceId = null, ChangeKind kind = ChangeKind.Write) => Refusal(workspaceId, kind) is null;

    /// <summary>Throws <see cref="ForbiddenException"/> with the reason when the change is not allowed.</summary>
    public void EnsureCanChange(string? workspaceId = null, ChangeKind kind = ChangeKind.Write)
    {
        if (Refusal(workspaceId, kind) is { } reason) throw new ForbiddenException(reason);
    }
}
