using System.Net;
using System.Text;

namespace Flameup.Admin.Api.Tests.Contract;

/// <summary>The contract checker rejects what it must: so a passing contract test means something.</summary>
public sealed class OpenApiContractSelfTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    const string Person = """
        {"id": "550e8400-e29b-41d4-a716-446655440000", "workspace_id": "ws_a", "userId": "u", "email": null, "status": "active",
         "traits": {}, "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00.123Z"}
        """;

    [Theory]
    [InlineData(200, "application/json", Person, null)]
    [InlineData(200, "application/json", """{"id": "550e8400", "workspace_id": "ws_a", "userId": "u", "email": null, "status": "active", "traits": {}, "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z"}""", "uuid")]
    [InlineData(200, "application/json", """{"id": "550e8400-e29b-41d4-a716-446655440000", "workspace_id": "ws_a", "userId": "u", "email": null, "status": "active", "traits": {}, "created_at": "15/01/2024", "updated_at": "2024-01-15T10:30:00Z"}""", "date-time")]
    [InlineData(200, "application/json", """{"id": "550e8400-e29b-41d4-a716-446655440000", "workspace_id": "ws_a", "userId": "u", "email": null, "status": "Active", "traits": {}, "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z"}""", "status")]
    [InlineData(200, "application/json", """{"id": "550e8400-e29b-41d4-a716-446655440000", "workspace_id": "ws_a", "userId": "u", "status": "active", "traits": {}, "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z"}""", "email")]
    [InlineData(200, "application/json", """{"id": "550e8400-e29b-41d4-a716-446655440000", "workspace_id": "ws_a", "userId": "u", "email": null, "status": "active", "traits": {}, "created_at": "2024-01-15T10:30:00Z", "updated_at": "2024-01-15T10:30:00Z", "was_created": true}""", "was_created")]
    [InlineData(200, "text/plain", Person, "text/plain")]
    [InlineData(409, "application/problem+json", """{"type": "t", "title": "t", "status": 409, "detail": "d", "errors": {}}""", "does not list")]
    [InlineData(404, "application/problem+json", """{"type": "t", "title": "t", "status": 404}""", "detail")]
    public async Task A_response_that_differs_from_the_document_is_rejected(int status, string type, string body, string? expected)
    {
        var contract = new OpenApiContract(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(body, Encoding.UTF8, type),
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, $"http://localhost/api/v1/workspaces/ws_a/people/{Guid.NewGuid()}"),
        };
        var check = contract.CheckAsync(response);
        if (expected is null) { Assert.Equal("getPerson", await check); return; }
        var error = await Assert.ThrowsAnyAsync<Exception>(() => check);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_literal_path_wins_over_a_template()
    {
        var contract = new OpenApiContract(await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        Assert.Equal("searchPeople", contract.Find(HttpMethod.Get, "/api/v1/workspaces/ws_a/people/search").Id);
        Assert.Equal("getPerson", contract.Find(HttpMethod.Get, "/api/v1/workspaces/ws_a/people/abc").Id);
        Assert.Equal("getPeopleStats", contract.Find(HttpMethod.Get, "/api/v1/workspaces/ws_a/people/stats").Id);
    }
}
