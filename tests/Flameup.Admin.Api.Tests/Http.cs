using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flameup.Admin.Api.Tests;

/// <summary>Request helpers that send raw JSON text exactly as a customer's snippet would.</summary>
public static class Http
{
    public static StringContent JsonText(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient client, HttpMethod method, string url, string? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = JsonText(json);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (text.Length > 0)
        {
            try { body = JsonNode.Parse(text); }
            catch (JsonException) { throw new Xunit.Sdk.XunitException($"{method} {url} answered {(int)response.StatusCode} with non-JSON: {text[..Math.Min(300, text.Length)]}"); }
        }
        return (response.StatusCode, body, response);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(this WorkspaceClient c, string path, string json) =>
        c.Http.SendAsync(HttpMethod.Post, c.Base + path, json);
    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PutAsync(this WorkspaceClient c, string path, string json) =>
        c.Http.SendAsync(HttpMethod.Put, c.Base + path, json);
    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(this WorkspaceClient c, string path) =>
        c.Http.SendAsync(HttpMethod.Get, c.Base + path);
    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> DeleteAsync(this WorkspaceClient c, string path) =>
        c.Http.SendAsync(HttpMethod.Delete, c.Base + path);

    /// <summary>Creates a person and returns their id.</summary>
    public static async Task<string> CreatePersonAsync(this WorkspaceClient c, string json)
    {
        var (status, body, _) = await c.PostAsync("/people", json);
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["id"]!.GetValue<string>();
    }

    /// <summary>Asserts an RFC 9457 problem with the status, a non-empty detail, and (optionally) errors for the fields.</summary>
    public static JsonNode AssertProblem(this (HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response) r, HttpStatusCode expected, params string[] fields)
    {
        Assert.True(expected == r.Status, $"expected {(int)expected}, got {(int)r.Status}: {r.Body?.ToJsonString()}");
        Assert.Equal("application/problem+json", r.Response.Content.Headers.ContentType?.MediaType);
        var body = r.Body!;
        Assert.Equal((int)expected, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["detail"]?.GetValue<string>()), "problem has no detail");
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()), "problem has no title");
        Assert.NotNull(body["type"]);
        foreach (var field in fields)
            Assert.True(body["errors"]?[field] is JsonArray { Count: > 0 }, $"no error for '{field}' in {body.ToJsonString()}");
        return body;
    }
}
