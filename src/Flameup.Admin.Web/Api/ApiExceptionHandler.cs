using Flameup.Admin.Core.Common;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// Turns the domain's exceptions on API requests into problem responses by their type (400, 403, 404, 409, and the
/// body reader's 400/413/415), and anything else into a logged 500 problem. An unreachable database, or a write it rolled
/// back for a conflict with concurrent writes, is a 503 problem with Retry-After on every path (pages and downloads too,
/// see <see cref="DatabaseUnavailable.Retryable"/>); other errors of pages keep the framework's handling.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (DatabaseUnavailable.Retryable(exception) is { } retry && !http.RequestAborted.IsCancellationRequested)
        {
            log.LogWarning("{Method} {Path}: {Why} ({Reason})", http.Request.Method, http.Request.Path, retry.Why, DatabaseUnavailable.Reason(exception));
            http.Response.Headers.RetryAfter = retry.Seconds.ToString();
            await ApiProblems.Status(503, "Service unavailable", retry.Detail).ExecuteAsync(http);
            return true;
        }
        if (!http.Request.Path.StartsWithSegments(PeopleEndpoints.ApiPrefix)) return false;
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true;
        var problem = exception switch
        {
            JsonBody.BodyException e => e.Problem,
            DomainValidationException e => ApiProblems.Validation(e.Errors),
            ConflictException e => ApiProblems.Conflict(e.Field, e.Message),
            NotFoundException e => ApiProblems.NotFound(e.Message),
            ForbiddenException e => ApiProblems.Status(403, "Forbidden", e.Message),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            problem = ApiProblems.Status(500, "Internal server error", "Something went wrong on our side; the error was logged. Try again, and tell us if it persists.");
        }
        await problem.ExecuteAsync(http);
        return true;
    }
}
