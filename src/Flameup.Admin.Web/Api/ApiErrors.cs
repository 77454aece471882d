using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Web.Api;

/// <summary>Turns the domain's exceptions into problem responses (400, 403, 404, 409), and anything else into a logged 500.</summary>
public sealed class ApiErrors(ILogger<ApiErrors> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (JsonBody.BodyException e) { return e.Problem; }
        catch (DomainValidationException e) { return ApiProblems.Validation(e.Errors); }
        catch (ConflictException e) { return ApiProblems.Conflict(e.Field, e.Message); }
        catch (NotFoundException e) { return ApiProblems.NotFound(e.Message); }
        catch (ForbiddenException e) { return ApiProblems.Status(403, "Forbidden", e.Message); }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e)
        {
            log.LogError(e, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            return ApiProblems.Status(500, "Internal server error", "Something went wrong on our side; the error was logged. Try again, and tell us if it persists.");
        }
    }
}
