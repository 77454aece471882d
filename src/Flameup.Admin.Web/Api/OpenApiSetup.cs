using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Flameup.Admin.Web.Api;

/// <summary>The OpenAPI document: title, bearer authentication, and typed query parameters.</summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Flameup People API";
            doc.Info.Description = "Create, update, and manage user profiles. Authenticate every request with the header " +
                "`Authorization: Bearer YOUR_API_KEY`; keys are created in the admin dashboard (Settings → API keys) " +
                "or with `keys create` on the command line. Errors are RFC 9457 `application/problem+json`.";
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A workspace API key with the scopes people:read, people:write and/or people:delete.",
            };
            doc.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", doc)] = [] }];
            return Task.CompletedTask;
        });
        // The endpoints take query parameters as text to name each bad one in a 400; describe their real types.
        o.AddOperationTransformer((operation, _, _) =>
        {
            foreach (var p in operation.Parameters ?? [])
            {
                if (p is not OpenApiParameter parameter || parameter.In != ParameterLocation.Query) continue;
                parameter.Schema = parameter.Name switch
                {
                    "limit" or "offset" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = parameter.Name == "limit" ? "1" : "0" },
                    "created_since" or "updated_since" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    _ => parameter.Schema,
                };
            }
            return Task.CompletedTask;
        });
    }
}
