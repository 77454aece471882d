using System.Text.Json;
using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Import;
using Flameup.Admin.Core.People;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>Every front door of the domain hands raw input to the one gate: same input, same answer.</summary>
public sealed class InputGateTests : IAsyncLifetime
{
    readonly TestDatabase _db = new();
    public Task InitializeAsync() => _db.InitializeAsync();
    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_padded_email_from_the_dashboard_is_stored_trimmed()
    {
        var created = await _db.People.CreateAsync(Actor.System, "ws", PersonInput.For("u1", email: " jane@x.io "));
        Assert.Equal("jane@x.io", created.Email);
        var updated = await _db.People.UpdateAsync(Actor.System, "ws", created.Id, new PersonInput { Email = "\tjohn@x.io\n", EmailGiven = true });
        Assert.Equal("john@x.io", (await _db.People.GetAsync("ws", updated.Id))!.Email);
    }

    [Fact]
    public async Task A_padded_email_in_a_JSON_body_is_stored_trimmed()
    {
        using var body = JsonDocument.Parse("""{"userId":"u2","email":" jane@x.io"}""");
        var outcome = await _db.People.UpsertAsync(Actor.System, "ws", body.RootElement);
        Assert.Equal("jane@x.io", (await _db.People.GetAsync("ws", outcome.Person.Id))!.Email);
    }

    [Fact]
    public void CSV_and_JSON_import_rows_get_the_same_trimmed_email()
    {
        var mapping = new CsvMapping
        {
            Columns = [new ColumnMapping { Index = 0, Header = "id", Role = ColumnRole.UserId }, new ColumnMapping { Index = 1, Header = "email", Role = ColumnRole.Email }],
        };
        var csv = CsvPeopleReader.ToRecord(["u3", " jane@x.io "], mapping, 2, 1, () => "");
        using var json = JsonDocument.Parse("""{"userId":"u3","email":" jane@x.io "}""");
        var fromJson = JsonPeopleReader.ToRecord(json.RootElement, 1, 1);
        Assert.Equal("jane@x.io", csv.Input!.Email);
        Assert.Equal("jane@x.io", fromJson.Input!.Email);
    }

    [Fact]
    public async Task Type_errors_and_rule_errors_of_a_body_come_in_one_exception()
    {
        using var body = JsonDocument.Parse("""{"userId":"","email":42,"status":"gone","traits":{"$a":1}}""");
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => _db.People.CreateAsync(Actor.System, "ws", body.RootElement));
        Assert.Equal(["email", "status", "traits.$a", "userId"], e.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_batch_names_envelope_errors_and_every_bad_item_field()
    {
        using var notArray = JsonDocument.Parse("""{"people":{}}""");
        var e1 = await Assert.ThrowsAsync<DomainValidationException>(() => _db.People.BatchUpsertAsync(Actor.System, "ws", notArray.RootElement));
        Assert.Equal(["people"], e1.Errors.Keys);
        using var empty = JsonDocument.Parse("""{"people":[]}""");
        var e2 = await Assert.ThrowsAsync<DomainValidationException>(() => _db.People.BatchUpsertAsync(Actor.System, "ws", empty.RootElement));
        Assert.Contains("got 0", e2.Errors["people"][0]);
        using var mixed = JsonDocument.Parse("""{"people":[{"userId":"ok"},{"userId":5},{"userId":"b","email":"nope"},3]}""");
        var e3 = await Assert.ThrowsAsync<DomainValidationException>(() => _db.People.BatchUpsertAsync(Actor.System, "ws", mixed.RootElement));
        Assert.Equal(["people[1].userId", "people[2].email", "people[3]", "people[3].userId"], e3.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM people"));
    }

    [Fact]
    public async Task An_input_changed_after_it_passed_is_checked_again()
    {
        var input = PersonInput.For("u4", email: "ok@x.io");
        await _db.People.UpsertAsync(Actor.System, "ws", input);
        input.Email = "not an email";
        var e = await Assert.ThrowsAsync<DomainValidationException>(() => _db.People.UpsertAsync(Actor.System, "ws", input));
        Assert.Equal(["email"], e.Errors.Keys);
    }
}
