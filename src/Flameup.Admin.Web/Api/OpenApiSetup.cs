using System.Text.Json.Nodes;
using Flameup.Admin.Core.ApiKeys;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: the shapes come from the classes in <c>Api/Wire</c>, the texts and
/// parameter rules from <see cref="OpenApiOperations"/>, the examples from <see cref="OpenApiExamples"/>; here
/// they are put together, with the bearer scheme and the scope of every operation.
/// </summary>
public static class OpenApiSetup
{
    public const string Scheme = "bearer";

    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Flameup People API";
            doc.Info.Version = "v1";
            doc.Info.Description = "Create, update, and manage user profiles. Each person represents a user of your system with their " +
                "contact information, attributes (traits) and engagement history (events).\n\n" +
                "Authenticate every request with the header `Authorization: Bearer YOUR_API_KEY`. Keys are created in the admin " +
                "dashboard (Settings → API keys) or with `keys create` on the command line; each belongs to one workspace and carries " +
                "scopes: `people:read` for GET requests, `people:write` for POST and PUT, `people:delete` for DELETE.\n\n" +
                "Errors are RFC 9457 `application/problem+json` with a `detail` that says what to do; a 400 names every bad field in `errors`. " +
                "Any operation may also answer `503` with `Retry-After` when the database cannot be reached, or when a write was rolled " +
                "back whole by a conflict with concurrent writes: nothing was written, and the same request can be sent again after the delay.";
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A workspace API key. Scopes: people:read (GET), people:write (POST, PUT), people:delete (DELETE); " +
                    "each operation names the one it needs.",
            };
            doc.Servers = null; // the API answers on the host that served the document: clients and /api/docs use that origin
            doc.Security = null; // each operation states its own requirement, with its scope
            doc.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "People", Description = "People: create, read, update, upsert, batch, list, search, statistics, delete." },
                new() { Name = "Events", Description = "What happened to a person, and events sent by userId or anonymousId." },
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            if (operation.OperationId is not { } id || !OpenApiOperations.ById.TryGetValue(id, out var text)) return Task.CompletedTask;
            var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().Single().Scope;
            operation.Summary = text.Summary;
            operation.Description = $"{text.Description}\n\nNeeds an API key with the `{scope}` scope.";
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [scope] }];
            DescribeParameters(operation, text);
            if (operation.RequestBody is OpenApiRequestBody body && OpenApiExamples.Requests.TryGetValue(id, out var request))
            {
                body.Description = "JSON, UTF-8. Unknown fields are ignored; a known field of the wrong JSON type is a 400.";
                body.Content!["application/json"].Example = request.DeepClone();
            }
            DescribeResponses(operation, id, text, scope);
            return Task.CompletedTask;
        });
        // Free-form objects (traits, properties) inline as {type: object}, not as a component named after JsonObject.
        o.CreateSchemaReferenceId = t => t.Type == typeof(JsonObject) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(t);
        o.AddSchemaTransformer((schema, context, _) =>
        {
            // The host's JSON options read numbers from strings too; on the wire the API writes and wants JSON numbers.
            if (schema.Type is { } t && t.HasFlag(JsonSchemaType.Integer) && t.HasFlag(JsonSchemaType.String))
            {
                schema.Type = t & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            if (context.JsonTypeInfo.Type == typeof(Wire.PersonStatusName))
            {
                schema.Type = JsonSchemaType.String;
                schema.Description ??= "A person's status: active, unsubscribed or bounced.";
            }
            var name = context.JsonPropertyInfo?.Name;
            var owner = context.JsonPropertyInfo?.DeclaringType;
            if (name is "traits" && owner is not null && owner.Namespace == typeof(Wire.PersonCreate).Namespace
                && (owner == typeof(Wire.PersonCreate) || owner == typeof(Wire.PersonUpdate)))
            {
                schema.MaxProperties = 300;
                schema.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 150, Pattern = "^[^$]" };
            }
            return Task.CompletedTask;
        });
    }

    static void DescribeParameters(OpenApiOperation operation, OperationText text)
    {
        foreach (var p in operation.Parameters ?? [])
        {
            if (p is not OpenApiParameter parameter || parameter.Name is null) continue;
            var rule = parameter.Name == "workspace_id" ? OpenApiOperations.WorkspaceId
                : text.Parameters?.GetValueOrDefault(parameter.Name);
            if (rule is null) continue;
            parameter.Description = rule.Description;
            if (parameter.Name == "workspace_id") parameter.Example = "ws_abc123";
            var schema = new OpenApiSchema
            {
                Type = rule.Type == "integer" ? JsonSchemaType.Integer : JsonSchemaType.String,
                Format = rule.Format ?? (rule.Type == "integer" ? "int32" : null),
                Default = OpenApiOperations.Default(rule),
                Minimum = rule.Minimum?.ToString(),
                Maximum = rule.Maximum?.ToString(),
            };
            if (rule.Enum is { } values) schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            parameter.Schema = schema;
        }
    }

    static void DescribeResponses(OpenApiOperation operation, string id, OperationText text, string scope)
    {
        foreach (var (code, r) in operation.Responses ?? [])
        {
            if (r is not OpenApiResponse response) continue;
            var status = int.Parse(code);
            response.Description = status switch
            {
                201 when id == "upsertPerson" => "The person, created by this call (was_created true); Location names their URL.",
                200 when id == "upsertPerson" => "The person, updated (was_created false): they already had this userId.",
                < 300 => text.Success,
                404 when text.NotFound is not null => text.NotFound,
                409 when text.Conflict is not null => text.Conflict,
                _ => OpenApiOperations.ProblemText(status, scope),
            };
            var json = Media(response, "application/json");
            if (status < 300 && json is not null && OpenApiExamples.Responses.TryGetValue(id, out var example))
            {
                var copy = example.DeepClone();
                if (id == "upsertPerson" && copy is JsonObject upserted) upserted["was_created"] = status == 201;
                json.Example = copy;
            }
            if (status == 400 && id is "createPerson" or "upsertPerson" && Media(response, "application/problem+json") is { } problem)
                problem.Example = OpenApiExamples.ValidationProblem();
            var header = status switch
            {
                201 when id is "createPerson" or "upsertPerson" => ("Location", "The URL of the new person.", (string?)"uri-reference"),
                401 => ("WWW-Authenticate", "Always Bearer.", null),
                429 => ("Retry-After", "Seconds to wait before the next request.", null),
                _ => default,
            };
            if (header.Item1 is not null)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[header.Item1] = new OpenApiHeader
                {
                    Description = header.Item2,
                    Schema = new OpenApiSchema { Type = header.Item1 == "Retry-After" ? JsonSchemaType.Integer : JsonSchemaType.String, Format = header.Item3 },
                };
            }
        }
    }

    static OpenApiMediaType? Media(OpenApiResponse response, string type) =>
        response.Content is { } content && content.TryGetValue(type, out var media) ? media as OpenApiMediaType : null;
}
