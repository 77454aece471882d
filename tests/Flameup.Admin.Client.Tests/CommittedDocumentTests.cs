using System.Reflection;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Client.Tests;

/// <summary>
/// The client is generated at build time from openapi/v1.json, committed; this test keeps that file equal to the
/// document the server serves. After a deliberate API change, run it once with FLAMEUP_WRITE_OPENAPI=1 to rewrite
/// the file, review the diff and commit it.
/// </summary>
public sealed class CommittedDocumentTests(KestrelHost host) : IClassFixture<KestrelHost>
{
    public static string CommittedPath { get; } = typeof(CommittedDocumentTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OpenApiDocument").Value!;

    [Fact]
    public async Task The_committed_document_is_the_one_the_server_serves()
    {
        using var http = new HttpClient();
        var served = JsonNode.Parse(await http.GetStringAsync(host.BaseUrl + "/openapi/v1.json"))!;
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath));
        if (JsonNode.DeepEquals(served, committed)) return;
        if (Environment.GetEnvironmentVariable("FLAMEUP_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served.ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
            return;
        }
        Assert.Fail($"{CommittedPath} differs from the document the server serves. If the API change is deliberate, " +
            "run this test with FLAMEUP_WRITE_OPENAPI=1, review the diff of openapi/v1.json and commit it.");
    }
}
