using Flameup.Admin.Components.Shared;
using Flameup.Admin.Components.Import;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Export;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;
using Flameup.Admin.Web.Api;

namespace Flameup.Admin.Web.Import;

/// <summary>
/// Downloads for the dashboard: the people list as CSV or NDJSON (same filters and sort as the list), a
/// person's own data as JSON, and the failed rows of an import. Streamed as they are read. The group is
/// returned so the host puts it behind the admin sign-in (<c>.RequireAuthorization()</c>).
/// </summary>
public static class ImportExportEndpoints
{
    public static RouteGroupBuilder MapImportExport(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DownloadLinks.GroupPattern).ExcludeFromDescription(); // addresses: ImportLinks
        group.MapGet("/people/export.csv", (HttpContext http, string ws, PeopleExporter exporter, CancellationToken ct) =>
            ExportAsync(http, ws, "csv", "text/csv; charset=utf-8", (q, body) => exporter.WriteCsvAsync(ws, q, body, null, ct), exporter, ct));
        group.MapGet("/people/export.ndjson", (HttpContext http, string ws, PeopleExporter exporter, CancellationToken ct) =>
            ExportAsync(http, ws, "ndjson", "application/x-ndjson; charset=utf-8", (q, body) => exporter.WriteNdjsonAsync(ws, q, body, null, ct), exporter, ct));
        group.MapGet("/people/{id}/data.json", PersonDataAsync);
        group.MapGet("/imports/{id}/failed.csv", FailedRowsAsync);
        return group;
    }

    static async Task<IResult> ExportAsync(HttpContext http, string ws, string extension, string contentType,
        Func<PeopleQuery, Stream, Task<long>> write, PeopleExporter exporter, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var query = PeopleQueryCodec.Read(name => http.Request.Query[name].FirstOrDefault(), errors);
        if (!errors.IsEmpty) return ApiProblems.Validation(errors.ToDictionary());
        // The count lets a client show progress; the rows themselves are streamed, never held.
        http.Response.Headers["X-Total-Count"] = (await exporter.CountAsync(ws, query, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new StreamedFile(contentType, $"people-{Safe(ws)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{extension}", body => write(query, body));
    }

    static async Task<IResult> PersonDataAsync(string ws, string id, PeopleService people, PeopleExporter exporter, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var pid) || await people.GetAsync(ws, pid, ct) is not { } person)
            return ApiProblems.NotFound($"No person with id {id} in workspace {ws}.");
        return new StreamedFile("application/json; charset=utf-8", $"person-{Safe(person.UserId)}.json", body => exporter.WritePersonDataAsync(ws, pid, body, ct));
    }

    static async Task<IResult> FailedRowsAsync(string ws, string id, ImportService imports, CancellationToken ct)
    {
        if (await imports.GetAsync(ws, id, ct) is not { } import)
            return ApiProblems.NotFound($"No import {id} in workspace {ws}.");
        return new StreamedFile("text/csv; charset=utf-8", $"failed-rows-{Safe(Path.GetFileNameWithoutExtension(import.FileName))}.csv",
            body => imports.WriteFailuresCsvAsync(ws, id, body, ct));
    }


    static string Safe(string name)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return safe.Length > 60 ? safe[..60] : safe;
    }

    /// <summary>A download written straight to the response body.</summary>
    sealed class StreamedFile(string contentType, string fileName, Func<Stream, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = contentType;
            http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
            http.Response.Headers.CacheControl = "no-store";
            await write(http.Response.Body);
        }
    }
}
