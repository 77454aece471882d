using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Live;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Api.Tests.Cluster;

/// <summary>The promises for several hosts, with the real domain services of two hosts on one PostgreSQL database.</summary>
public sealed class TwoHostTests(PgTestDatabase db) : IClassFixture<PgTestDatabase>
{
    static readonly TimeSpan Within = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_person_created_through_host_A_moves_the_open_dashboard_of_host_B_within_two_seconds()
    {
        await using var a = db.BuildHost();
        await using var b = db.BuildHost();
        var bListening = ListeningAsync(b);
        const string ws = "ws_live_two";
        await a.GetRequiredService<WorkspaceService>().EnsureAsync(ws);
        var liveOnB = b.GetRequiredService<LiveDashboard>();
        Assert.Equal(0, (await liveOnB.GetAsync(ws)).Stats.Total); // B has a snapshot it would otherwise keep for 15 s
        var moved = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = liveOnB.Subscribe(ws, s => { if (s.Stats.Total == 1) moved.TrySetResult(s); return Task.CompletedTask; });
        await bListening;

        await a.GetRequiredService<PeopleService>().CreateAsync(Actor.System, ws, PersonInput.For("jane"));

        var snapshot = await moved.Task.WaitAsync(Within);
        Assert.Equal(1, snapshot.Stats.Active);
    }

    [Fact]
    public async Task An_event_recorded_through_host_A_reaches_the_dashboard_of_host_B_within_two_seconds()
    {
        await using var a = db.BuildHost();
        await using var b = db.BuildHost();
        var bListening = ListeningAsync(b);
        const string ws = "ws_events_two";
        await a.GetRequiredService<WorkspaceService>().EnsureAsync(ws);
        await a.GetRequiredService<PeopleService>().CreateAsync(Actor.System, ws, PersonInput.For("jane"));
        var liveOnB = b.GetRequiredService<LiveDashboard>();
        var before = (await liveOnB.GetAsync(ws)).Activity.Events[^1].Count;
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = liveOnB.Subscribe(ws, s => { if (s.Activity.Events[^1].Count == before + 1) moved.TrySetResult(); return Task.CompletedTask; });
        await bListening;

        await a.GetRequiredService<EventsService>().IngestAsync(Actor.System, ws, new EventInput { Name = "signed_in", UserId = "jane" });

        await moved.Task.WaitAsync(Within);
    }

    [Fact]
    public async Task A_key_revoked_through_host_A_is_refused_by_host_B_within_two_seconds()
    {
        await using var a = db.BuildHost();
        await using var b = db.BuildHost();
        var bListening = ListeningAsync(b);
        const string ws = "ws_keys_two";
        await a.GetRequiredService<WorkspaceService>().EnsureAsync(ws);
        var created = await a.GetRequiredService<ApiKeyService>().CreateAsync(Actor.System, ws, "two hosts", [ApiKeyScopes.Read]);
        var keysOnB = b.GetRequiredService<ApiKeyService>();
        Assert.NotNull(await keysOnB.AuthenticateAsync(created.Secret)); // now cached on B for 5 s
        await bListening;

        await a.GetRequiredService<ApiKeyService>().RevokeAsync(Actor.System, created.Key.Id);
        Assert.Null(await a.GetRequiredService<ApiKeyService>().AuthenticateAsync(created.Secret)); // at once on A

        var until = DateTime.UtcNow + Within;
        while (await keysOnB.AuthenticateAsync(created.Secret) is not null)
        {
            Assert.True(DateTime.UtcNow < until, "host B still accepts the revoked key");
            await Task.Delay(20);
        }
    }

    /// <summary>Completes once the host's listener is up (it says Resync when it starts listening); call before using the host.</summary>
    static async Task ListeningAsync(IServiceProvider host)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = host.GetRequiredService<Core.Signals.ISignalBus>().Subscribe(s =>
        {
            if (s.Kind == Core.Signals.SignalKind.Resync) listening.TrySetResult();
        });
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
