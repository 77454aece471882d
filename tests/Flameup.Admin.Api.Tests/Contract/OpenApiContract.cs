using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Flameup.Admin.Api.Tests.Contract;

/// <summary>
/// The served OpenAPI document as a contract: finds the operation a request hit, and checks a response's status,
/// content type, documented headers and body against what the document gives for that status, with a JSON Schema
/// validator (formats asserted). Response objects are checked strictly: a property the document does not name fails.
/// </summary>
public sealed class OpenApiContract
{
    static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    readonly JsonObject doc;
    readonly JsonObject defs;
    readonly List<(Regex Pattern, int Literals, string Template)> paths;
    readonly Dictionary<string, JsonSchema> built = [];
    readonly HashSet<(string Operation, int Status)> seen = [];

    static OpenApiContract()
    {
        // Formats the OpenAPI generator writes beyond JSON Schema's own (uuid, date-time, uri-reference are built in).
        FormatRegistry.Global.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        FormatRegistry.Global.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
    }

    public OpenApiContract(string documentJson)
    {
        doc = JsonNode.Parse(documentJson)!.AsObject();
        // The components as JSON Schema $defs, each object shape closed to properties the document does not name.
        var text = doc["components"]!["schemas"]!.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/");
        defs = JsonNode.Parse(text)!.AsObject();
        foreach (var (_, schema) in defs) Close(schema);
        paths = [.. doc["paths"]!.AsObject().Select(p => (
            new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^/]+?}", "[^/]+") + "$"),
            p.Key.Split('/').Count(s => !s.StartsWith('{')),
            p.Key))];
    }

    public JsonObject Document => doc;

    /// <summary>Every (operation id, status) pair the document lists.</summary>
    public IEnumerable<(string Operation, int Status)> Documented() =>
        from path in doc["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where Methods.Contains(op.Key)
        from status in op.Value!["responses"]!.AsObject()
        select (op.Value!["operationId"]!.GetValue<string>(), int.Parse(status.Key));

    /// <summary>The pairs checked so far.</summary>
    public IReadOnlySet<(string Operation, int Status)> Seen => seen;

    /// <summary>The operation for a method and a request path, the literal path beating a template (search over {person_id}).</summary>
    public (string Id, JsonObject Operation) Find(HttpMethod method, string path)
    {
        var match = paths.Where(p => p.Pattern.IsMatch(path)).OrderByDescending(p => p.Literals).FirstOrDefault();
        Assert.True(match.Template is not null, $"no path of the document matches {path}");
        var op = doc["paths"]![match.Template]![method.Method.ToLowerInvariant()]?.AsObject();
        Assert.True(op is not null, $"the document has no {method} {match.Template}");
        return (op["operationId"]!.GetValue<string>(), op);
    }

    /// <summary>Checks one exchange against the document; returns the operation id.</summary>
    public async Task<string> CheckAsync(HttpResponseMessage response)
    {
        var request = response.RequestMessage!;
        var (id, op) = Find(request.Method, request.RequestUri!.AbsolutePath);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var where = $"{request.Method} {request.RequestUri.PathAndQuery} ({id}) answered {status}";
        var documented = op["responses"]![status.ToString()]?.AsObject();
        Assert.True(documented is not null, $"{where}, a status the document does not list for {id}: {Clip(body)}");

        foreach (var (name, header) in documented["headers"]?.AsObject() ?? [])
        {
            Assert.True(response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values),
                $"{where} without the documented header {name}");
            var value = values.First();
            var schema = header!["schema"]!.AsObject();
            JsonNode? instance = schema["type"]?.GetValue<string>() == "integer" && long.TryParse(value, out var n) ? n : JsonValue.Create(value);
            Validate(schema, instance, $"{id}.{status}.header.{name}", $"{where}: header {name}: {value}");
        }

        var content = documented["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            Assert.True(body.Length == 0, $"{where} with a body, but the document gives none: {Clip(body)}");
        }
        else
        {
            var type = response.Content.Headers.ContentType?.MediaType;
            Assert.True(type is not null && content.ContainsKey(type),
                $"{where} as '{type}', the document gives {string.Join(", ", content.Select(c => c.Key))}");
            JsonNode? instance;
            try { instance = JsonNode.Parse(body); }
            catch (JsonException) { throw new Xunit.Sdk.XunitException($"{where} with a body that is not JSON: {Clip(body)}"); }
            Validate(content[type]!["schema"]!.AsObject(), instance, $"{id}.{status}.{type}", $"{where}: {Clip(body)}");
        }
        seen.Add((id, status));
        return id;
    }

    /// <summary>Validates a value against a schema of the document (with its components), formats asserted.</summary>
    public void Validate(JsonObject schema, JsonNode? instance, string cacheKey, string what)
    {
        if (!built.TryGetValue(cacheKey, out var compiled))
        {
            var root = schema.DeepClone().AsObject();
            if (root["$ref"] is { } reference) root["$ref"] = reference.GetValue<string>().Replace("#/components/schemas/", "#/$defs/");
            root["$defs"] = defs.DeepClone();
            Close(root);
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            compiled = JsonSchema.FromText(root.ToJsonString(), options, new Uri($"https://contract.test/{Uri.EscapeDataString(cacheKey)}"));
            built[cacheKey] = compiled;
        }
        using var parsed = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = compiled.Evaluate(parsed.RootElement, new EvaluationOptions { RequireFormatValidation = true, OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"));
        throw new Xunit.Sdk.XunitException($"{what}\ndoes not match the document:\n  {string.Join("\n  ", errors.Take(12))}");
    }

    /// <summary>An object shape with named properties accepts no others (traits and properties stay open: they name none).</summary>
    static void Close(JsonNode? node)
    {
        if (node is not JsonObject schema) return;
        if (schema["properties"] is JsonObject properties)
        {
            schema["additionalProperties"] ??= false;
            foreach (var (_, property) in properties) Close(property);
        }
        if (schema["$defs"] is JsonObject defs) foreach (var (_, def) in defs) Close(def);
        Close(schema["items"]);
        if (schema["additionalProperties"] is JsonObject additional) Close(additional);
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
            if (schema[key] is JsonArray list) foreach (var item in list) Close(item);
    }

    static string Clip(string s) => s.Length > 400 ? s[..400] + "…" : s;
}

/// <summary>Sends requests and checks every answer against the document as it goes.</summary>
public sealed class CheckedClient(HttpClient http, OpenApiContract contract)
{
    public HttpClient Http => http;

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string url, string? json = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        await contract.CheckAsync(response);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }
}
