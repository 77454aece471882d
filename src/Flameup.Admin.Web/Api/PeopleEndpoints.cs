using System.Text.Json;
using Flameup.Admin.Core.ApiKeys;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Stats;
using Microsoft.AspNetCore.Mvc;
using Wire = Flameup.Admin.Web.Api.Wire;

namespace Flameup.Admin.Web.Api;

/// <summary>The Flameup People REST API: translation between HTTP and the domain services, nothing more.</summary>
public static class PeopleEndpoints
{
    public const string ApiPrefix = "/api/v1";
    public const string BasePath = "/api/v1/workspaces/{workspace_id}";

    public static void MapPeopleApi(this IEndpointRouteBuilder app)
    {
        // Authentication, scopes and the per-key limit as the framework does them: the ApiKey scheme, one policy per
        // scope (Doc), the rate limiter partitioned by key; domain exceptions become problems in ApiExceptionHandler.
        var api = app.MapGroup(BasePath).RequireRateLimiting(ApiKeyRateLimit.Policy).WithTags("People");

        api.MapPost("/people", Create).Doc("createPerson", ApiKeyScopes.Write).Body<Wire.PersonCreate>()
            .Produces<Wire.WrittenPerson>(201).Fails(400, 409, 413, 415);
        api.MapGet("/people", List).Doc("listPeople", ApiKeyScopes.Read).Produces<Wire.PeoplePage>().Fails(400);
        api.MapGet("/people/search", Search).Doc("searchPeople", ApiKeyScopes.Read).Produces<Wire.PeopleSearchResult>().Fails(400);
        api.MapGet("/people/stats", Stats).Doc("getPeopleStats", ApiKeyScopes.Read).Produces<Wire.PeopleStats>().Fails();
        api.MapPost("/people/upsert", Upsert).Doc("upsertPerson", ApiKeyScopes.Write).Body<Wire.PersonCreate>()
            .Produces<Wire.UpsertedPerson>(200).Produces<Wire.UpsertedPerson>(201).Fails(400, 413, 415);
        api.MapPost("/people/batch", Batch).Doc("batchUpsertPeople", ApiKeyScopes.Write).Body<Wire.BatchRequest>()
            .Produces<Wire.BatchResult>().Fails(400, 413, 415);
        api.MapGet("/people/{person_id}", Get).Doc("getPerson", ApiKeyScopes.Read).Produces<Wire.Person>().Fails(404);
        api.MapPut("/people/{person_id}", Update).Doc("updatePerson", ApiKeyScopes.Write).Body<Wire.PersonUpdate>()
            .Produces<Wire.WrittenPerson>().Fails(400, 404, 409, 413, 415);
        api.MapDelete("/people/{person_id}", Delete).Doc("deletePerson", ApiKeyScopes.Delete).Produces(204).Fails(404);

        var events = api.MapGroup("").WithTags("Events");
        events.MapGet("/people/{person_id}/events", ListEvents).Doc("listPersonEvents", ApiKeyScopes.Read).Produces<Wire.EventsPage>().Fails(400, 404);
        events.MapPost("/people/{person_id}/events", RecordEvent).Doc("recordPersonEvent", ApiKeyScopes.Write).Body<Wire.EventRequest>()
            .Produces<Wire.PersonEvent>(201).Fails(400, 404, 413, 415);
        events.MapPost("/events", IngestEvent).Doc("ingestEvent", ApiKeyScopes.Write).Body<Wire.IngestEventRequest>()
            .Produces<Wire.AcceptedEvent>(202).Fails(400, 404, 413, 415);
    }

    /// <summary>The operation's name (its texts are in <see cref="OpenApiOperations"/>) and the scope its key needs.</summary>
    static RouteHandlerBuilder Doc(this RouteHandlerBuilder b, string operationId, string scope) =>
        b.WithName(operationId).WithMetadata(new RequiredScope(scope)).RequireAuthorization(scope);

    static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder b) where T : notnull => b.Accepts<T>("application/json");

    /// <summary>The problems the operation answers besides those of every operation (401, 403, 429).</summary>
    static RouteHandlerBuilder Fails(this RouteHandlerBuilder b, params int[] statuses)
    {
        foreach (var status in statuses.Concat([401, 403, 429]).Order())
        {
            if (status is 400 or 409) b.Produces<Wire.FieldProblem>(status, "application/problem+json");
            else b.Produces<Wire.Problem>(status, "application/problem+json");
        }
        return b;
    }

    static async Task<IResult> Create(string workspace_id, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(request, JsonBody.DefaultLimit, ct);
        var person = await people.CreateAsync(request.HttpContext.Actor(), workspace_id, body.RootElement, ct);
        var write = WrittenPerson(request.HttpContext);
        return new JsonWriterResult(201, w => write(w, person, null), $"{request.PathBase}/api/v1/workspaces/{workspace_id}/people/{person.Id}");
    }

    static async Task<IResult> Get(string workspace_id, string person_id, PeopleService people, CancellationToken ct)
    {
        if (!Guid.TryParse(person_id, out var id)) return NotFound(person_id);
        var person = await people.GetAsync(workspace_id, id, ct);
        return person is null ? NotFound(person_id) : new JsonWriterResult(200, w => PersonJson.Write(w, person));
    }

    static async Task<IResult> Update(string workspace_id, string person_id, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        if (!Guid.TryParse(person_id, out var id)) return NotFound(person_id);
        using var body = await JsonBody.ReadAsync(request, JsonBody.DefaultLimit, ct);
        var person = await people.UpdateAsync(request.HttpContext.Actor(), workspace_id, id, body.RootElement, ct);
        var write = WrittenPerson(request.HttpContext);
        return new JsonWriterResult(200, w => write(w, person, null));
    }

    static async Task<IResult> Upsert(string workspace_id, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(request, JsonBody.DefaultLimit, ct);
        var outcome = await people.UpsertAsync(request.HttpContext.Actor(), workspace_id, body.RootElement, ct);
        var write = WrittenPerson(request.HttpContext);
        return new JsonWriterResult(outcome.WasCreated ? 201 : 200, w => write(w, outcome.Person, outcome.WasCreated),
            outcome.WasCreated ? $"{request.PathBase}/api/v1/workspaces/{workspace_id}/people/{outcome.Person.Id}" : null);
    }

    static async Task<IResult> Batch(string workspace_id, HttpRequest request, PeopleService people, CancellationToken ct)
    {
        using var body = await JsonBody.ReadAsync(request, JsonBody.BatchLimit, ct);
        var outcome = await people.BatchUpsertAsync(request.HttpContext.Actor(), workspace_id, body.RootElement, ct);
        var write = WrittenPerson(request.HttpContext);
        return new JsonWriterResult(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("people");
            foreach (var item in outcome.Items) write(w, item.Person, null);
            w.WriteEndArray();
            w.WriteNumber("created_count", outcome.CreatedCount);
            w.WriteNumber("updated_count", outcome.UpdatedCount);
            w.WriteEndObject();
        });
    }

    static async Task<IResult> List(
        string workspace_id, PeopleService people, CancellationToken ct,
        [FromQuery] string? limit = null, [FromQuery] string? offset = null, [FromQuery] string? status = null,
        [FromQuery] string? search = null, [FromQuery] string? created_since = null, [FromQuery] string? updated_since = null,
        [FromQuery] string? sort = null)
    {
        // Declared one by one for the OpenAPI document; read by the one codec the export and the people page share.
        var errors = new ValidationErrors();
        var query = PeopleQueryCodec.Read(name => name switch
        {
            "limit" => limit, "offset" => offset, "status" => status, "search" => search,
            "created_since" => created_since, "updated_since" => updated_since, "sort" => sort, _ => null,
        }, errors);
        errors.ThrowIfAny();
        var page = await people.ListAsync(workspace_id, query, ct);
        return new JsonWriterResult(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("people");
            foreach (var p in page.People) PersonJson.Write(w, p);
            w.WriteEndArray();
            w.WriteNumber("total", page.Total);
            w.WriteNumber("limit", page.Limit);
            w.WriteNumber("offset", page.Offset);
            w.WriteEndObject();
        });
    }

    static async Task<IResult> Search(
        string workspace_id, PeopleService people, CancellationToken ct,
        [FromQuery] string? q = null, [FromQuery] string? email = null, [FromQuery] string? userId = null, [FromQuery] string? limit = null)
    {
        var errors = new ValidationErrors();
        var search = new PeopleSearch
        {
            Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            UserId = string.IsNullOrEmpty(userId) ? null : userId,
            Limit = new QueryReader(errors).Int("limit", limit, 10),
        };
        search.Validate(errors);
        errors.ThrowIfAny();
        var found = await people.SearchAsync(workspace_id, search, ct);
        return new JsonWriterResult(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("people");
            foreach (var p in found) PersonJson.Write(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    static async Task<IResult> Stats(string workspace_id, StatsService stats, CancellationToken ct)
    {
        var s = await stats.GetAsync(workspace_id, ct);
        return new JsonWriterResult(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", s.Total);
            w.WriteNumber("active", s.Active);
            w.WriteNumber("unsubscribed", s.Unsubscribed);
            w.WriteNumber("bounced", s.Bounced);
            w.WriteNumber("recent", s.Recent);
            w.WriteEndObject();
        });
    }

    static async Task<IResult> Delete(string workspace_id, string person_id, HttpContext http, PeopleService people, CancellationToken ct)
    {
        if (!Guid.TryParse(person_id, out var id)) return NotFound(person_id);
        return await people.DeleteAsync(http.Actor(), workspace_id, id, ct) ? Results.NoContent() : NotFound(person_id);
    }

    static async Task<IResult> ListEvents(
        string workspace_id, string person_id, EventsService events, CancellationToken ct,
        [FromQuery] string? limit = null, [FromQuery] string? offset = null)
    {
        if (!Guid.TryParse(person_id, out var id)) return NotFound(person_id);
        var errors = new ValidationErrors();
        var q = new QueryReader(errors);
        var l = q.Int("limit", limit, 50);
        var o = q.Int("offset", offset, 0);
        errors.ThrowIfAny();
        var page = await events.ListForPersonAsync(workspace_id, id, l, o, ct);
        return new JsonWriterResult(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            foreach (var e in page.Events) PersonJson.WriteEvent(w, e);
            w.WriteEndArray();
            w.WriteNumber("total", page.Total);
            w.WriteNumber("limit", page.Limit);
            w.WriteNumber("offset", page.Offset);
            w.WriteEndObject();
        });
    }

    static async Task<IResult> RecordEvent(string workspace_id, string person_id, HttpRequest request, EventsService events, CancellationToken ct)
    {
        if (!Guid.TryParse(person_id, out var id)) return NotFound(person_id);
        var input = await ReadEventAsync(request, ct);
        var e = await events.RecordForPersonAsync(request.HttpContext.Actor(), workspace_id, id, input, ct);
        return new JsonWriterResult(201, w => PersonJson.WriteEvent(w, e));
    }

    static async Task<IResult> IngestEvent(string workspace_id, HttpRequest request, EventsService events, CancellationToken ct)
    {
        var input = await ReadEventAsync(request, ct);
        var e = await events.IngestAsync(request.HttpContext.Actor(), workspace_id, input, ct);
        return new JsonWriterResult(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// How the write endpoints (create, update, upsert, batch) answer with the person they wrote. A key with
    /// <c>people:read</c> gets the full person; a key without it (write-only) gets only <c>id</c>, <c>workspace_id</c>,
    /// <c>userId</c>, <c>created_at</c>, <c>updated_at</c> (and <c>was_created</c>), never <c>email</c>, <c>status</c>
    /// or <c>traits</c>: writing must not be a way to read people back.
    /// </summary>
    static Action<Utf8JsonWriter, Person, bool?> WrittenPerson(HttpContext http) =>
        http.CanReadPeople() ? PersonJson.Write : PersonJson.WriteIdentity;

    static async Task<EventInput> ReadEventAsync(HttpRequest request, CancellationToken ct)
    {
        using var doc = await JsonBody.ReadAsync(request, JsonBody.DefaultLimit, ct);
        var errors = new ValidationErrors();
        var input = EventJsonReader.Read(doc.RootElement, errors);
        errors.ThrowIfAny();
        return input;
    }

    static IResult NotFound(string personId) =>
        ApiProblems.NotFound($"No person with id '{personId}' in this workspace.");
}
