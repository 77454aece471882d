using Flameup.Admin.Core.Common;
using System.Net;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Api.Tests;

/// <summary>The REST API and the dashboard hand the same input to the same Core gate and get the same answer.</summary>
public sealed class InputGateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_padded_email_is_stored_trimmed_through_REST_and_through_the_dashboard_path()
    {
        var c = await factory.NewClientAsync();
        var (status, body, _) = await c.PostAsync("/people", """{"userId":"rest","email":" jane@x.io"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("jane@x.io", body!["email"]!.GetValue<string>());

        var viaService = await factory.Service<PeopleService>().CreateAsync(Actor.System, c.Workspace, PersonInput.For("dash", email: " jane@x.io"));
        var (_, read, _) = await c.GetAsync($"/people/{viaService.Id}");
        Assert.Equal("jane@x.io", read!["email"]!.GetValue<string>());

        var (_, put, _) = await c.PutAsync($"/people/{viaService.Id}", """{"email":"  john@x.io  "}""");
        Assert.Equal("john@x.io", put!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Type_and_rule_errors_of_a_batch_item_and_an_update_come_in_one_400()
    {
        var c = await factory.NewClientAsync();
        (await c.PostAsync("/people/batch", """{"people":[{"userId":"a","email":7,"status":"gone"},{"userId":"","traits":[]}]}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "people[0].email", "people[0].status", "people[1].userId", "people[1].traits");
        var id = await c.CreatePersonAsync("""{"userId":"p"}""");
        (await c.PutAsync($"/people/{id}", """{"userId":null,"email":false,"status":"x"}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "userId", "email", "status");
    }
}
