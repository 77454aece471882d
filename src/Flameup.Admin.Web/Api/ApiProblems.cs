using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Web.Api;

/// <summary>RFC 9457 problem responses for the REST API, with a detail that says what to do.</summary>
public static class ApiProblems
{
    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        Results.Problem(
            statusCode: 400,
            title: "Validation failed",
            type: "https://httpwg.org/specs/rfc9110.html#status.400",
            detail: detail ?? Describe(errors),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Status(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            type: $"https://httpwg.org/specs/rfc9110.html#status.{status}");

    public static IResult NotFound(string detail) => Status(404, "Not found", detail);
    public static IResult Conflict(string field, string detail) =>
        Results.Problem(statusCode: 409, title: "Conflict", detail: detail, type: "https://httpwg.org/specs/rfc9110.html#status.409",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        new DomainValidationException(errors).Message;
}
