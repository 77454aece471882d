using System.Text;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.Admins;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Core.Tests.Actors;

/// <summary>
/// The Viewer rule and the API-key rule checked by the domain services themselves, with no component or endpoint in
/// front: every mutating method refuses, with the reason, and nothing is written.
/// </summary>
public sealed class ActorGateTests : IAsyncLifetime
{
    const string Ws = "ws_a", OtherWs = "ws_b";
    readonly string _folder = Directory.CreateTempSubdirectory("flameup-actors-").FullName;
    Guid _kept;
    ApiKeyInfo _key = null!;
    ImportUpload _pending = null!;
    AdminActor _root = null!;

    readonly TestDatabase _db;
    IServiceProvider _services = null!;

    T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    // The shared fixture (SQLite file or, in the Postgres project, a database of its own) plus imports and Identity.
    public ActorGateTests() => _db = new TestDatabase(realClock: true, services =>
    {
        services.AddFlameupImports();
        services.Configure<ImportOptions>(o => o.Folder = Path.Combine(_folder, "imports"));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddAdminIdentity();
    });

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _services = _db.Services;

        // Set up as the system (what first start and the CLI are).
        await Get<WorkspaceService>().CreateAsync(Actor.System, Ws, "A");
        await Get<WorkspaceService>().CreateAsync(Actor.System, OtherWs, "B");
        _kept = (await Get<PeopleService>().CreateAsync(Actor.System, Ws, PersonInput.For("kept", "kept@example.com", new JsonObject { ["plan"] = "pro" }))).Id;
        await Get<EventsService>().RecordForPersonAsync(Actor.System, Ws, _kept, new EventInput { Name = "signed_up" });
        _key = (await Get<ApiKeyService>().CreateAsync(Actor.System, Ws, "existing", ApiKeyScopes.All)).Key;
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("userId,email\nnew,new@example.com\n"));
        _pending = await Get<ImportService>().SaveUploadAsync(Actor.System, Ws, "people.csv", csv);
        var root = (await Get<AdminUserService>().AddAsync(SetUp, "root@example.com", AdminRoles.Admin)).User;
        _root = new AdminActor(root.Id, root.Email, root.Role);
    }

    // AdminUserService takes dashboard users only; the set-up acts as an Admin that is not stored.
    static readonly AdminActor SetUp = new("set-up", "set-up@example.com", AdminRoles.Admin);

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }

    /// <summary>Every mutating domain method, called as <c>actor</c>; the kind of change each one is.</summary>
    static readonly Dictionary<string, (ChangeKind Kind, Func<ActorGateTests, Actor, Task> Call)> Changes = new()
    {
        ["People.Create"] = (ChangeKind.Write, (t, a) => t.Get<PeopleService>().CreateAsync(a, Ws, PersonInput.For("sneaky"))),
        ["People.Update"] = (ChangeKind.Write, (t, a) => t.Get<PeopleService>().UpdateAsync(a, Ws, t._kept, new PersonInput { Email = "x@example.com", EmailGiven = true })),
        ["People.Upsert"] = (ChangeKind.Write, (t, a) => t.Get<PeopleService>().UpsertAsync(a, Ws, PersonInput.For("kept", "x@example.com"))),
        ["People.BatchUpsert"] = (ChangeKind.Write, (t, a) => t.Get<PeopleService>().BatchUpsertAsync(a, Ws, [PersonInput.For("sneaky")])),
        ["People.UpsertMany"] = (ChangeKind.Write, (t, a) => t.Get<PeopleService>().UpsertManyAsync(a, Ws, [PersonInput.For("sneaky")], i => $"[{i}].")),
        ["People.Delete"] = (ChangeKind.Delete, (t, a) => t.Get<PeopleService>().DeleteAsync(a, Ws, t._kept)),
        ["People.DeleteMany"] = (ChangeKind.Delete, (t, a) => t.Get<PeopleService>().DeleteManyAsync(a, Ws, [t._kept])),
        ["People.UpdateMany"] = (ChangeKind.Write, (t, a) => t.Get<PeopleService>().UpdateManyAsync(a, Ws, [t._kept], new PersonInput { Status = PersonStatus.Bounced, StatusGiven = true })),
        ["Events.RecordForPerson"] = (ChangeKind.Write, (t, a) => t.Get<EventsService>().RecordForPersonAsync(a, Ws, t._kept, new EventInput { Name = "sneaky" })),
        ["Events.Ingest"] = (ChangeKind.Write, (t, a) => t.Get<EventsService>().IngestAsync(a, Ws, new EventInput { UserId = "kept", Name = "sneaky" })),
        ["Imports.SaveUpload"] = (ChangeKind.Write, (t, a) => t.Get<ImportService>().SaveUploadAsync(a, Ws, "more.csv", new MemoryStream(Encoding.UTF8.GetBytes("userId\nx\n")))),
        ["Imports.Start"] = (ChangeKind.Write, (t, a) => t.Get<ImportService>().StartAsync(a, t._pending, t._pending.Inspection.Mapping)),
        ["Imports.Resume"] = (ChangeKind.Write, (t, a) => t.Get<ImportService>().ResumeAsync(a, Ws, Guid.NewGuid().ToString())),
        ["Imports.Cancel"] = (ChangeKind.Write, (t, a) => Task.FromResult(t.Get<ImportService>().Cancel(a, Ws, t._pending.Id))),
        ["ApiKeys.Create"] = (ChangeKind.Settings, (t, a) => t.Get<ApiKeyService>().CreateAsync(a, Ws, "sneaky", ApiKeyScopes.All)),
        ["ApiKeys.Revoke"] = (ChangeKind.Settings, (t, a) => t.Get<ApiKeyService>().RevokeAsync(a, t._key.Id, Ws)),
        ["Workspaces.Create"] = (ChangeKind.Settings, (t, a) => t.Get<WorkspaceService>().CreateAsync(a, "ws_sneaky", null)),
        ["Workspaces.Rename"] = (ChangeKind.Settings, (t, a) => t.Get<WorkspaceService>().RenameAsync(a, Ws, "Renamed")),
        // Dashboard users only: the signature takes an AdminActor, so an API key cannot even be passed.
        ["AdminUsers.Add"] = (ChangeKind.Settings, (t, a) => t.Get<AdminUserService>().AddAsync((AdminActor)a, "sneaky@example.com", AdminRoles.Admin)),
        ["AdminUsers.SetRole"] = (ChangeKind.Settings, (t, a) => t.Get<AdminUserService>().SetRoleAsync((AdminActor)a, t._root.UserId, AdminRoles.Viewer)),
        ["AdminUsers.Remove"] = (ChangeKind.Settings, (t, a) => t.Get<AdminUserService>().RemoveAsync((AdminActor)a, t._root.UserId)),
    };

    public static TheoryData<string> AllChanges() => new(Changes.Keys);
    public static TheoryData<string> ChangesAnApiKeyCanBeHandedTo() => new(Changes.Keys.Where(k => !k.StartsWith("AdminUsers.")));

    [Theory]
    [MemberData(nameof(AllChanges))]
    public async Task A_viewer_is_refused_by_every_mutating_method_and_nothing_is_written(string change)
    {
        var viewer = new AdminActor("viewer-id", "viewer@example.com", AdminRoles.Viewer);
        var before = await SnapshotAsync();

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Changes[change].Call(this, viewer));

        Assert.Equal("viewer@example.com is a Viewer: viewers can look at everything but change nothing.", e.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(ChangesAnApiKeyCanBeHandedTo))]
    public async Task A_key_of_another_workspace_is_refused_by_the_domain_and_nothing_is_written(string change)
    {
        var otherKey = (await Get<ApiKeyService>().CreateAsync(Actor.System, OtherWs, "other", ApiKeyScopes.All)).Key;
        var before = await SnapshotAsync();

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Changes[change].Call(this, new ApiKeyActor(otherKey)));

        Assert.Equal(Changes[change].Kind == ChangeKind.Settings
            ? "An API key cannot change workspaces, admin users or API keys; use the admin dashboard."
            : $"This API key belongs to workspace '{OtherWs}', not '{Ws}'.", e.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(ChangesAnApiKeyCanBeHandedTo))]
    public async Task A_read_only_key_of_the_workspace_is_refused_and_nothing_is_written(string change)
    {
        var readOnly = (await Get<ApiKeyService>().CreateAsync(Actor.System, Ws, "reader", [ApiKeyScopes.Read])).Key;
        var before = await SnapshotAsync();

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Changes[change].Call(this, new ApiKeyActor(readOnly)));

        var kind = Changes[change].Kind;
        Assert.Equal(kind switch
        {
            ChangeKind.Settings => "An API key cannot change workspaces, admin users or API keys; use the admin dashboard.",
            ChangeKind.Delete => "This API key lacks the 'people:delete' scope (it has: people:read).",
            _ => "This API key lacks the 'people:write' scope (it has: people:read).",
        }, e.Message);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_key_writes_and_deletes_in_its_own_workspace_only_with_the_scope_for_each()
    {
        var writer = new ApiKeyActor((await Get<ApiKeyService>().CreateAsync(Actor.System, Ws, "writer", [ApiKeyScopes.Write])).Key);
        var people = Get<PeopleService>();

        var created = await people.UpsertAsync(writer, Ws, PersonInput.For("by_key"));
        Assert.True(created.WasCreated);
        var e = await Assert.ThrowsAsync<ForbiddenException>(() => people.DeleteAsync(writer, Ws, created.Person.Id));
        Assert.Contains("'people:delete'", e.Message);
        Assert.NotNull(await people.GetAsync(Ws, created.Person.Id));

        var deleter = new ApiKeyActor((await Get<ApiKeyService>().CreateAsync(Actor.System, Ws, "deleter", [ApiKeyScopes.Delete])).Key);
        Assert.True(await people.DeleteAsync(deleter, Ws, created.Person.Id));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_even_if_a_request_still_holds_it()
    {
        var key = (await Get<ApiKeyService>().CreateAsync(Actor.System, Ws, "soon revoked", ApiKeyScopes.All)).Key;
        var revoked = await Get<ApiKeyService>().RevokeAsync(Actor.System, key.Id);

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Get<PeopleService>().CreateAsync(new ApiKeyActor(revoked), Ws, PersonInput.For("late")));
        Assert.Equal("This API key has been revoked.", e.Message);
    }

    [Fact]
    public async Task An_admin_and_the_system_change_things_and_a_signed_out_user_does_not()
    {
        var people = Get<PeopleService>();
        await people.UpdateAsync(_root, Ws, _kept, new PersonInput { Status = PersonStatus.Bounced, StatusGiven = true });
        await people.UpdateAsync(Actor.System, Ws, _kept, new PersonInput { Status = PersonStatus.Active, StatusGiven = true });
        Assert.True(_root.CanChange(Ws) && _root.CanChange(kind: ChangeKind.Settings) && Actor.System.CanChange(kind: ChangeKind.Settings));

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => people.DeleteAsync(AdminActor.SignedOut, Ws, _kept));
        Assert.Equal("Sign in again: your account no longer exists.", e.Message);
        Assert.NotNull(await people.GetAsync(Ws, _kept));
    }

    [Fact]
    public async Task An_import_records_who_started_it_and_writes_as_them()
    {
        var imports = Get<ImportService>();
        var started = await imports.StartAsync(_root, _pending, _pending.Inspection.Mapping);
        await imports.WaitAsync(started.Id);

        var done = (await imports.GetAsync(Ws, started.Id))!;
        Assert.Equal("root@example.com", done.StartedBy);
        Assert.Equal(1, done.Created);
    }

    /// <summary>Everything the changes above could touch, read back through the domain.</summary>
    async Task<string> SnapshotAsync()
    {
        var sb = new StringBuilder();
        foreach (var ws in new[] { Ws, OtherWs })
            foreach (var p in (await Get<PeopleService>().ListAsync(ws, new PeopleQuery { Limit = 500 })).People)
                sb.AppendLine($"person {ws} {p.UserId} {p.Email} {p.Status} {p.TraitsJson} {p.UpdatedAt:O}");
        foreach (var e in (await Get<EventsService>().ListForPersonAsync(Ws, _kept, 500)).Events) sb.AppendLine($"event {e.Name}");
        foreach (var k in await Get<ApiKeyService>().ListAsync(null)) sb.AppendLine($"key {k.Id} {k.WorkspaceId} revoked={k.IsRevoked}");
        foreach (var w in await Get<WorkspaceService>().ListAsync()) sb.AppendLine($"workspace {w.Id} {w.Name}");
        foreach (var i in await Get<ImportService>().HistoryAsync(Ws)) sb.AppendLine($"import {i.Id} {i.Status}");
        sb.AppendLine($"running {(await Get<ImportService>().RunningAsync(Ws))?.Id}");
        sb.AppendLine($"uploads {Directory.GetFiles(Get<ImportService>().Folder).Length}");
        foreach (var u in await Get<AdminUserService>().ListAsync()) sb.AppendLine($"user {u.Email} {u.Role}");
        return sb.ToString();
    }
}
