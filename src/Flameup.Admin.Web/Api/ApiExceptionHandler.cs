using Flameup.Admin.Core.Common;
using Flameup.Admin.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Flameup.Admin.Web.Api;

/// <summary>
/// Turns the domain's exceptions on API requests into problem responses by their type (400, 403, 404, 409, and the
/// body reader's 400/413/415), and anything else into a logged 500 problem. An unreachable database is a 503 problem
/// with Retry-After on every path (pages and downloads too); other errors of pages keep the framework's handling.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (DatabaseUnavailable.Is(exception) && !http.RequestAborted.IsCancellationRequested)
        {
            log.LogWarning("{Method} {Path}: the database is unavailable ({Reason})", http.Request.Method, http.Request.Path, DatabaseUnavailable.Reason(exception));
            http.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString();
            await ApiProblems.Status(503, "Service unavailable",
                $"The database cannot be reached right now. Retry in {DatabaseUnavailable.RetryAfterSeconds} s.").ExecuteAsync(http);
            return true;
        }
        if (!http.Request.Path.StartsWithSegments(PeopleEndpoints.ApiPrefix)) return false;
        if (DatabaseUnavailable.IsWriteConflict(exception) && !http.RequestAborted.IsCancellationRequested)
        {
            log.LogWarning("{Method} {Path}: rolled back by a conflict with concurrent writes ({Reason})", http.Request.Method, http.Request.Path, DatabaseUnavailable.Reason(exception));
            http.Response.Headers.RetryAfter = "1";
            await ApiProblems.Status(503, "Service unavailable",
                "The write conflicted with concurrent writes and was rolled back whole: nothing was stored. Send it again.").ExecuteAsync(http);
            return true;
        }
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
