using System.Text.RegularExpressions;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Flameup.Admin.Core.Workspaces;

public sealed record Workspace(string Id, string Name, DateTimeOffset CreatedAt);

public sealed partial class WorkspaceService(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public const string DemoId = "ws_demo";

    public async Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Workspaces.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);
        return rows.Select(ToWorkspace).ToList();
    }

    public async Task<Workspace?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return row is null ? null : ToWorkspace(row);
    }

    public static void ValidateId(string? id, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(id)) errors.Add("id", "is required");
        else if (!IdShape().IsMatch(id)) errors.Add("id", "must be 'ws_' followed by 1 to 60 letters, digits, '_' or '-' (like ws_acme)");
    }

    /// <summary>Creates a workspace on behalf of <paramref name="actor"/>: a Viewer is refused.</summary>
    public async Task<Workspace> CreateAsync(Actor actor, string id, string? name, CancellationToken ct = default)
    {
        actor.EnsureCanChange(kind: ChangeKind.Settings);
        var errors = new ValidationErrors();
        ValidateId(id, errors);
        if (name is { Length: > 100 }) errors.Add("name", "must be at most 100 characters");
        errors.ThrowIfAny();
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Workspaces.AnyAsync(w => w.Id == id, ct))
            throw new ConflictException("id", $"Workspace '{id}' already exists.");
        var row = new WorkspaceRow { Id = id, Name = string.IsNullOrWhiteSpace(name) ? id : name.Trim(), CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        db.Workspaces.Add(row);
        await db.SaveChangesAsync(ct);
        return ToWorkspace(row);
    }

    /// <summary>Returns the workspace, creating it when missing (CLI, first start: <see cref="Actor.System"/>).</summary>
    public async Task<Workspace> EnsureAsync(string id, string? name = null, CancellationToken ct = default) =>
        await GetAsync(id, ct) ?? await CreateAsync(Actor.System, id, name, ct);

    public async Task RenameAsync(Actor actor, string id, string name, CancellationToken ct = default)
    {
        actor.EnsureCanChange(kind: ChangeKind.Settings);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(name)) errors.Add("name", "is required");
        else if (name.Length > 100) errors.Add("name", "must be at most 100 characters");
        errors.ThrowIfAny();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var n = await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Name, name.Trim()), ct);
        if (n == 0) throw new NotFoundException($"Workspace '{id}' does not exist.");
    }

    static Workspace ToWorkspace(WorkspaceRow r) => new(r.Id, r.Name, Timestamps.FromMs(r.CreatedAt));

    [GeneratedRegex("^ws_[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")]
    private static partial Regex IdShape();
}
