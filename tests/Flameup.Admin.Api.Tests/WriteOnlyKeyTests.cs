using Flameup.Admin.Core.Common;
using System.Net;
using System.Text.Json.Nodes;
using Flameup.Admin.Core.ApiKeys;

namespace Flameup.Admin.Api.Tests;

/// <summary>
/// A key without <c>people:read</c> cannot read people back through the answers to its writes: create, update, upsert
/// and batch answer it with only what identifies the record written; a key that may read gets the full person.
/// </summary>
public sealed class WriteOnlyKeyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    static readonly string[] Identity = ["id", "workspace_id", "userId", "created_at", "updated_at"];
    static readonly string[] FullPerson = ["id", "workspace_id", "userId", "email", "status", "traits", "created_at", "updated_at"];

    const string Jane = """{"userId":"u1","email":"jane@example.com","traits":{"plan":"premium","secret":"s3cr3t"}}""";

    static void AssertFields(JsonNode? person, params string[] expected) =>
        Assert.Equal(expected.Order(), person!.AsObject().Select(p => p.Key).Order());

    /// <summary>A second client on the same workspace with other scopes.</summary>
    async Task<WorkspaceClient> OtherKeyAsync(WorkspaceClient c, params string[] scopes)
    {
        var key = await factory.Service<ApiKeyService>().CreateAsync(Actor.System, c.Workspace, "other", scopes);
        return new WorkspaceClient(factory.ClientFor(key.Secret), c.Workspace, key.Secret);
    }

    [Theory]
    [InlineData(ApiKeyScopes.Write)]
    [InlineData(ApiKeyScopes.Write + "," + ApiKeyScopes.Delete)]
    public async Task A_key_without_read_gets_only_the_identity_of_what_it_wrote(string scopes)
    {
        var c = await factory.NewClientAsync(scopes.Split(','));

        var created = await c.PostAsync("/people", Jane);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        AssertFields(created.Body, Identity);
        Assert.Equal("u1", created.Body!["userId"]!.GetValue<string>());
        Assert.Equal(c.Workspace, created.Body["workspace_id"]!.GetValue<string>());
        var id = created.Body["id"]!.GetValue<string>();
        Assert.EndsWith($"/people/{id}", created.Response.Headers.Location!.ToString());

        var updated = await c.PutAsync($"/people/{id}", """{"traits":{"plan":"enterprise"}}""");
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        AssertFields(updated.Body, Identity);

        var upsertNew = await c.PostAsync("/people/upsert", """{"userId":"u2","email":"bob@example.com","traits":{"plan":"basic"}}""");
        Assert.Equal(HttpStatusCode.Created, upsertNew.Status);
        AssertFields(upsertNew.Body, [.. Identity, "was_created"]);
        Assert.True(upsertNew.Body!["was_created"]!.GetValue<bool>());

        var upsertOld = await c.PostAsync("/people/upsert", """{"userId":"u1","traits":{"last_login":"2024-01-20T14:45:00Z"}}""");
        Assert.Equal(HttpStatusCode.OK, upsertOld.Status);
        AssertFields(upsertOld.Body, [.. Identity, "was_created"]);
        Assert.False(upsertOld.Body!["was_created"]!.GetValue<bool>());
        Assert.Equal(id, upsertOld.Body["id"]!.GetValue<string>());

        var batch = await c.PostAsync("/people/batch", """{"people":[{"userId":"u1","email":"x@example.com"},{"userId":"u3","traits":{"a":1}}]}""");
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        AssertFields(batch.Body, "people", "created_count", "updated_count");
        Assert.Equal(1, batch.Body!["created_count"]!.GetValue<int>());
        Assert.Equal(1, batch.Body["updated_count"]!.GetValue<int>());
        var items = batch.Body["people"]!.AsArray();
        Assert.Equal(["u1", "u3"], items.Select(p => p!["userId"]!.GetValue<string>()));
        Assert.All(items, p => AssertFields(p, Identity));

        // Nothing anywhere in these answers carries the person's data.
        foreach (var body in new[] { created.Body, updated.Body, upsertNew.Body, upsertOld.Body, batch.Body })
        {
            var text = body!.ToJsonString();
            Assert.DoesNotContain("example.com", text);
            Assert.DoesNotContain("premium", text);
            Assert.DoesNotContain("s3cr3t", text);
        }
        // The writes did happen: a reading key sees them.
        var reader = await OtherKeyAsync(c, ApiKeyScopes.Read);
        var person = (await reader.GetAsync($"/people/{id}")).Body!;
        Assert.Equal("x@example.com", person["email"]!.GetValue<string>());
        Assert.Equal("enterprise", person["traits"]!["plan"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_with_read_and_write_gets_the_full_person()
    {
        var c = await factory.NewClientAsync(ApiKeyScopes.Read, ApiKeyScopes.Write);

        var created = await c.PostAsync("/people", Jane);
        AssertFields(created.Body, FullPerson);
        Assert.Equal("jane@example.com", created.Body!["email"]!.GetValue<string>());
        Assert.Equal("premium", created.Body["traits"]!["plan"]!.GetValue<string>());
        var id = created.Body["id"]!.GetValue<string>();

        var updated = await c.PutAsync($"/people/{id}", """{"status":"bounced"}""");
        AssertFields(updated.Body, FullPerson);
        Assert.Equal("bounced", updated.Body!["status"]!.GetValue<string>());

        var upsert = await c.PostAsync("/people/upsert", """{"userId":"u1","traits":{"plan":"enterprise"}}""");
        AssertFields(upsert.Body, [.. FullPerson, "was_created"]);
        Assert.Equal("enterprise", upsert.Body!["traits"]!["plan"]!.GetValue<string>());

        var batch = await c.PostAsync("/people/batch", """{"people":[{"userId":"u1"},{"userId":"u2","email":"bob@example.com"}]}""");
        Assert.All(batch.Body!["people"]!.AsArray(), p => AssertFields(p, FullPerson));
        Assert.Equal("bob@example.com", batch.Body["people"]![1]!["email"]!.GetValue<string>());
    }
}
