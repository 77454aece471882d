using System.Net;

namespace Flameup.Admin.Api.Tests;

public sealed class EventsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Recording_an_event_on_a_person_returns_201_and_lists_newest_first_by_timestamp()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"e"}""");
        var (status, body, _) = await c.PostAsync($"/people/{id}/events", """{"name":"Order Completed","properties":{"total":42.5},"timestamp":"2030-01-01T00:00:00+01:00"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2029-12-31T23:00:00Z", body!["timestamp"]!.GetValue<string>());
        Assert.Equal(42.5, body["properties"]!["total"]!.GetValue<double>());
        Assert.Equal(id, body["person_id"]!.GetValue<string>());

        var old = await c.PostAsync($"/people/{id}/events", """{"name":"Signed Up","timestamp":"2020-01-01T00:00:00Z"}""");
        Assert.Equal("{}", old.Body!["properties"]!.ToJsonString());

        var list = (await c.GetAsync($"/people/{id}/events?limit=2")).Body!;
        Assert.Equal(new[] { "Order Completed", "person.created" }, list["events"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(3, list["total"]!.GetValue<long>());
        var second = (await c.GetAsync($"/people/{id}/events?limit=2&offset=2")).Body!;
        Assert.Equal("Signed Up", second["events"]![0]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":5}""", "name")]
    [InlineData("""{"name":"x","properties":[1]}""", "properties")]
    [InlineData("""{"name":"x","timestamp":"soon"}""", "timestamp")]
    public async Task Bad_events_are_a_400_naming_the_field(string body, string field)
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"e"}""");
        (await c.PostAsync($"/people/{id}/events", body)).AssertProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Events_for_an_unknown_person_are_404()
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync($"/people/{Guid.NewGuid()}/events", """{"name":"x"}""")).AssertProblem(HttpStatusCode.NotFound);
        (await c.GetAsync($"/people/{Guid.NewGuid()}/events")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ingesting_by_userId_is_202_and_an_unknown_userId_is_404()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"known"}""");
        var (status, body, _) = await c.PostAsync("/events", """{"userId":"known","name":"Page Viewed","properties":{"path":"/"}}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(Guid.TryParse(body!["id"]!.GetValue<string>(), out _));
        Assert.Equal("Page Viewed", (await c.GetAsync($"/people/{id}/events")).Body!["events"]![0]!["name"]!.GetValue<string>());

        (await c.PostAsync("/events", """{"userId":"unknown","name":"x"}""")).AssertProblem(HttpStatusCode.NotFound);
        (await c.PostAsync("/events", """{"name":"x"}""")).AssertProblem(HttpStatusCode.BadRequest, "userId");
        (await c.PostAsync("/events", """{"userId":"known"}""")).AssertProblem(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Anonymous_events_are_attached_when_a_person_is_upserted_with_that_anonymousId()
    {
        var c = await factory.NewClientAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await c.PostAsync("/events", """{"anonymousId":"anon-7","name":"Visited","timestamp":"2024-01-01T00:00:00Z"}""")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await c.PostAsync("/events", """{"anonymousId":"anon-8","name":"Someone else"}""")).Status);

        var (_, person, _) = await c.PostAsync("/people/upsert", """{"userId":"converted","anonymousId":"anon-7"}""");
        Assert.Null(person!["anonymousId"]);
        var events = (await c.GetAsync($"/people/{person["id"]}/events")).Body!["events"]!.AsArray();
        Assert.Equal(new[] { "person.created", "Visited" }, events.Select(e => e!["name"]!.GetValue<string>()));

        // An anonymousId on an update that changes nothing still merges.
        await c.PostAsync("/events", """{"anonymousId":"anon-9","name":"Later"}""");
        await c.PostAsync("/people/upsert", """{"userId":"converted","anonymousId":"anon-9"}""");
        Assert.Equal(3, (await c.GetAsync($"/people/{person["id"]}/events")).Body!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Deleting_a_person_removes_their_events()
    {
        var c = await factory.NewClientAsync();
        var id = await c.CreatePersonAsync("""{"userId":"gone"}""");
        await c.PostAsync($"/people/{id}/events", """{"name":"x"}""");
        var count = $"SELECT count(*) FROM person_events WHERE person_id = '{Guid.Parse(id)}'";
        Assert.Equal(2L, await factory.ScalarAsync<long>(count)); // person.created and x: the query finds their rows
        await c.DeleteAsync($"/people/{id}");
        Assert.Equal(0L, await factory.ScalarAsync<long>(count));
    }
}
