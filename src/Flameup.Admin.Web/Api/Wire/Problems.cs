using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Flameup.Admin.Web.Api.Wire;

// The RFC 9457 problem bodies as ApiProblems writes them (checked by the API tests like every other response).

[Description("An RFC 9457 problem: what went wrong and what to do about it.")]
public class Problem
{
    [JsonPropertyName("type"), Required, Description("A URI naming the kind of problem.")] public string Type { get; set; } = "";
    [JsonPropertyName("title"), Required, Description("A short summary of the kind of problem.")] public string Title { get; set; } = "";
    [JsonPropertyName("status"), Required, Range(400, 599), Description("The HTTP status code, the same as the response's.")] public int Status { get; set; }
    [JsonPropertyName("detail"), Required, MinLength(1), Description("What went wrong in this request, and how to fix it.")] public string Detail { get; set; } = "";
    [JsonPropertyName("traceId"), Description("An identifier of the request in the server's logs.")] public string? TraceId { get; set; }
}

[Description("A problem naming the fields at fault: a 400 names every bad field of the request, a 409 the field in conflict.")]
public sealed class FieldProblem : Problem
{
    [JsonPropertyName("errors"), Required,
     Description("Messages by field path: userId, traits.plan, people[3].email, limit, or body for the request as a whole.")]
    public Dictionary<string, string[]> Errors { get; set; } = [];
}
