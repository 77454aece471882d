using Flameup.Admin.Core;
using Flameup.Admin.Core.Storage;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Web.Api;
using Flameup.Admin.Web.Import;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Flameup.Admin.Web.Api.Reference;

namespace Flameup.Admin.Web.Hosting;

/// <summary>Builds the one host that serves the admin dashboard and the REST API.</summary>
public static class FlameupHost
{
    /// <summary>Services shared by the server and the command line: configuration, storage, the domain.</summary>
    public static void AddShared(WebApplicationBuilder builder)
    {
        builder.Services.AddFlameupCore(o => DatabaseChoice.Use(o, builder.Configuration));
        builder.Services.Configure<HostSettings>(builder.Configuration.GetSection("Flameup"));
        builder.Services.AddSingleton<FirstRun>();
        builder.Services.AddFlameupImports();
        builder.Services.Configure<ImportOptions>(builder.Configuration.GetSection("Flameup:Import"));
        AdminUi.AddShared(builder);
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The folder is checked here rather than at the first upload: a host that cannot take over imports must not join.
        if (DatabaseChoice.IsPostgres(builder.Configuration) && string.IsNullOrWhiteSpace(builder.Configuration["Flameup:Import:Folder"]))
            throw new StartupRefusal(ImportOptions.FolderRequired);
        AddShared(builder);

        builder.Services.Configure<ApiOptions>(builder.Configuration.GetSection("Flameup:Api"));
        ApiAuth.Add(builder.Services);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Every problem says what went wrong, including the framework's own 404/405/415.
            if (!string.IsNullOrEmpty(ctx.ProblemDetails.Detail)) return;
            var request = ctx.HttpContext.Request;
            ctx.ProblemDetails.Detail = ctx.ProblemDetails.Status switch
            {
                404 => $"There is nothing at {request.Path}. API paths start with /api/v1/workspaces/{{workspace_id}}/people; see /api/docs.",
                405 => $"{request.Method} is not allowed on {request.Path}; see the Allow header and /api/docs.",
                413 => "The request body is too large.",
                415 => "Send the body as JSON with 'Content-Type: application/json'.",
                _ => ctx.ProblemDetails.Title ?? "The request failed.",
            };
        });
        builder.Services.AddOpenApi(OpenApiSetup.Configure);
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddHostedService<ImportRunner>(); // after StartupTasks: needs the migrated schema
        builder.Services.AddHostedService<ApiKeyUsageFlusher>();
        AdminUi.AddServer(builder);
        HttpSecurity.Add(builder);

        var app = builder.Build();
        HttpSecurity.Use(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // empty 404/405 answers become problem+json
        AdminUi.UsePipeline(app);

        app.MapPeopleApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference(); // /api/docs, served from this host only
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        AdminUi.MapEndpoints(app);
        app.MapImportExport().RequireAuthorization(); // downloads for signed-in admins and viewers
        return app;
    }
}
