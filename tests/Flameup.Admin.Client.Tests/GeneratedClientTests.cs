using Flameup.Api.Client;
using Flameup.Api.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Flameup.Api.Client.Api.V1.Workspaces.Item.People;

namespace Flameup.Admin.Client.Tests;

/// <summary>
/// The Kiota client generated from openapi/v1.json, used as an integrator would, against the real server on Kestrel:
/// every operation round-trips, and errors come back as the document's typed problems.
/// </summary>
public sealed class GeneratedClientTests(KestrelHost host) : IClassFixture<KestrelHost>
{
    async Task<(FlameupClient Client, string Workspace, HttpClient Http)> NewClientAsync()
    {
        var (ws, key) = await host.NewWorkspaceAsync();
        var http = new HttpClient();
        var auth = new BearerKey(key);
        var adapter = new HttpClientRequestAdapter(auth, httpClient: http) { BaseUrl = host.BaseUrl };
        return (new FlameupClient(adapter), ws, http);
    }

    [Fact]
    public async Task Every_operation_round_trips_through_the_generated_client()
    {
        var (client, ws, http) = await NewClientAsync();
        using var _ = http;
        var api = client.Api.V1.Workspaces[ws];

        // Create.
        var jane = await api.People.PostAsync(new PersonCreate
        {
            UserId = "user_12345",
            Email = "jane@example.com",
            Traits = new PersonCreate_traits { AdditionalData = { ["first_name"] = "Jane", ["last_name"] = "Doe", ["plan"] = "premium" } },
        });
        Assert.NotNull(jane);
        Assert.NotEqual(Guid.Empty, jane.Id);
        Assert.Equal(ws, jane.WorkspaceId);
        Assert.Equal("user_12345", jane.UserId);
        Assert.Equal(PersonStatusName.Active, jane.Status);
        Assert.Equal("premium", Text(jane.Traits!.AdditionalData["plan"]));
        var id = jane.Id!.Value;

        // Get.
        var got = await api.People[id].GetAsync();
        Assert.Equal("jane@example.com", got!.Email);
        Assert.Equal(jane.CreatedAt, got.CreatedAt);

        // Update: traits merge key by key, a null removes a key, other fields stay.
        var updated = await api.People[id].PutAsync(new PersonUpdate
        {
            Status = PersonStatusName.Unsubscribed,
            Traits = new PersonUpdate_traits { AdditionalData = { ["plan"] = "enterprise", ["renewal_date"] = "2025-01-15", ["last_name"] = null! } },
        });
        Assert.Equal(PersonStatusName.Unsubscribed, updated!.Status);
        var traits = updated.Traits!.AdditionalData;
        Assert.Equal("enterprise", Text(traits["plan"]));
        Assert.Equal("2025-01-15", Text(traits["renewal_date"]));
        Assert.Equal("Jane", Text(traits["first_name"]));
        Assert.False(traits.ContainsKey("last_name"));
        Assert.Equal("jane@example.com", updated.Email);
        Assert.True(updated.UpdatedAt >= jane.UpdatedAt);

        // Upsert: created, then updated.
        var first = await api.People.Upsert.PostAsync(new PersonCreate { UserId = "user_777", Traits = new PersonCreate_traits { AdditionalData = { ["plan"] = "basic" } } });
        Assert.True(first!.WasCreated);
        var second = await api.People.Upsert.PostAsync(new PersonCreate { UserId = "user_777", Email = "sam@example.com" });
        Assert.False(second!.WasCreated);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("sam@example.com", second.Email);
        Assert.Equal("basic", Text(second.Traits!.AdditionalData["plan"]));

        // Batch.
        var batch = await api.People.Batch.PostAsync(new BatchRequest
        {
            People =
            [
                new PersonCreate { UserId = "user_001", Email = "alice@example.com", Traits = new PersonCreate_traits { AdditionalData = { ["first_name"] = "Alice" } } },
                new PersonCreate { UserId = "user_002", Email = "bob@example.com", Status = PersonStatusName.Bounced },
                new PersonCreate { UserId = "user_777", Traits = new PersonCreate_traits { AdditionalData = { ["plan"] = "premium" } } },
            ],
        });
        Assert.Equal(2, batch!.CreatedCount);
        Assert.Equal(1, batch.UpdatedCount);
        Assert.Equal(["user_001", "user_002", "user_777"], batch.People!.Select(p => p.UserId));

        // List with filters, paging and sort.
        var page = await api.People.GetAsync(c =>
        {
            c.QueryParameters.Status = GetStatusQueryParameterType.Active;
            c.QueryParameters.Search = "example.com";
            c.QueryParameters.Limit = 1;
            c.QueryParameters.Offset = 0;
            c.QueryParameters.Sort = GetSortQueryParameterType.Email;
            c.QueryParameters.CreatedSince = DateTimeOffset.UtcNow.AddHours(-1);
        });
        Assert.Equal(2, page!.Total); // alice and sam are active with an email; jane is unsubscribed, bob bounced
        Assert.Equal(1, page.Limit);
        Assert.Equal("alice@example.com", Assert.Single(page.People!).Email);

        // Search.
        var found = await api.People.Search.GetAsync(c => c.QueryParameters.Email = "JANE@example.com");
        Assert.Equal(id, Assert.Single(found!.People!).Id);
        var byUserId = await api.People.Search.GetAsync(c => { c.QueryParameters.UserId = "user_002"; c.QueryParameters.Limit = 5; });
        Assert.Equal(PersonStatusName.Bounced, Assert.Single(byUserId!.People!).Status);

        // Events: record on the person, ingest by userId and anonymously, list newest first.
        var recorded = await api.People[id].Events.PostAsync(new EventRequest
        {
            Name = "order_completed",
            Properties = new EventRequest_properties { AdditionalData = { ["order_id"] = "ord_789" } },
            Timestamp = DateTimeOffset.UtcNow.AddMinutes(1),
        });
        Assert.Equal(id, recorded!.PersonId);
        Assert.Equal("order_completed", recorded.Name);
        var accepted = await api.Events.PostAsync(new IngestEventRequest { UserId = "user_12345", Name = "page_viewed" });
        Assert.NotEqual(Guid.Empty, accepted!.Id);
        var anonymous = await api.Events.PostAsync(new IngestEventRequest { AnonymousId = "anon_1", Name = "page_viewed" });
        Assert.NotNull(anonymous!.Id);
        var events = await api.People[id].Events.GetAsync(c => c.QueryParameters.Limit = 10);
        Assert.Equal("order_completed", events!.Events![0].Name);
        Assert.Contains(events.Events, e => e.Name == "person.created");
        Assert.Contains(events.Events, e => e.Name == "person.updated");
        Assert.Contains(events.Events, e => e.Name == "page_viewed");
        Assert.Equal(events.Events.Count, events.Total);

        // Stats.
        var stats = await api.People.Stats.GetAsync();
        Assert.Equal(4, stats!.Total);
        Assert.Equal(2, stats.Active);
        Assert.Equal(1, stats.Unsubscribed);
        Assert.Equal(1, stats.Bounced);
        Assert.Equal(4, stats.Recent);

        // Delete, then the person is gone: a typed 404.
        await api.People[id].DeleteAsync();
        var missing = await Assert.ThrowsAsync<Problem>(() => api.People[id].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.Equal(404, missing.Status);
        Assert.Contains(id.ToString(), missing.Detail);
    }

    [Fact]
    public async Task Errors_surface_as_the_document_s_typed_problems()
    {
        var (client, ws, http) = await NewClientAsync();
        using var _ = http;
        var api = client.Api.V1.Workspaces[ws];

        var invalid = await Assert.ThrowsAsync<FieldProblem>(() => api.People.PostAsync(new PersonCreate { UserId = " ", Email = "not-an-email" }));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.Equal(["email", "userId"], invalid.Errors!.AdditionalData.Keys.Order());
        Assert.False(string.IsNullOrEmpty(invalid.Detail));

        var badQuery = await Assert.ThrowsAsync<FieldProblem>(() => api.People.GetAsync(c => c.QueryParameters.Limit = 501));
        Assert.Contains("limit", badQuery.Errors!.AdditionalData.Keys);

        await api.People.PostAsync(new PersonCreate { UserId = "taken" });
        var conflict = await Assert.ThrowsAsync<FieldProblem>(() => api.People.PostAsync(new PersonCreate { UserId = "taken" }));
        Assert.Equal(409, conflict.ResponseStatusCode);
        Assert.Contains("userId", conflict.Errors!.AdditionalData.Keys);

        var notFound = await Assert.ThrowsAsync<Problem>(() => api.People[Guid.NewGuid()].GetAsync());
        Assert.Equal(404, notFound.ResponseStatusCode);
        var unknownUser = await Assert.ThrowsAsync<Problem>(() => api.Events.PostAsync(new IngestEventRequest { UserId = "nobody", Name = "x" }));
        Assert.Equal(404, unknownUser.ResponseStatusCode);

        var other = client.Api.V1.Workspaces["ws_not_mine"];
        var forbidden = await Assert.ThrowsAsync<Problem>(() => other.People.Stats.GetAsync());
        Assert.Equal(403, forbidden.ResponseStatusCode);
    }

    /// <summary>
    /// A text trait as the client hands it back: Kiota gives free-form values as primitives, and text that looks like a
    /// date (the documentation's renewal_date "2025-01-15") as a DateTime.
    /// </summary>
    static string? Text(object? value) => value switch
    {
        UntypedString s => s.GetValue(),
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd"),
        UntypedNode n => throw new Xunit.Sdk.XunitException($"a text trait came back as {n.GetType().Name}"),
        _ => value?.ToString(),
    };

    /// <summary>Sends the API key as a bearer token (Kiota's own API-key provider insists on https; the test server is http).</summary>
    sealed class BearerKey(string key) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(Microsoft.Kiota.Abstractions.RequestInformation request,
            Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            request.Headers.Add("Authorization", "Bearer " + key);
            return Task.CompletedTask;
        }
    }
}
