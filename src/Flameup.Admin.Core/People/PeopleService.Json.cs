using System.Text.Json;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>
/// The REST API's way in: raw JSON bodies are parsed, normalised and validated by <see cref="PersonGate"/> (one
/// <see cref="DomainValidationException"/> names every type and rule error together), then written by the typed
/// methods, which do not check the input again.
/// </summary>
public sealed partial class PeopleService
{
    public Task<Person> CreateAsync(Actor actor, string ws, JsonElement body, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws); // before the body is read: a refused caller learns nothing about its input
        return CreateAsync(actor, ws, Read(body, PersonRuleSet.Upsert), ct);
    }

    public Task<Person> UpdateAsync(Actor actor, string ws, Guid id, JsonElement body, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        return UpdateAsync(actor, ws, id, Read(body, PersonRuleSet.Update), ct);
    }

    public Task<UpsertOutcome> UpsertAsync(Actor actor, string ws, JsonElement body, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        return UpsertAsync(actor, ws, Read(body, PersonRuleSet.Upsert), ct);
    }

    /// <summary>A batch body <c>{"people": [...]}</c> of 1 to <see cref="MaxBatch"/> people; errors are keyed <c>people[i].field</c>.</summary>
    public Task<BatchOutcome> BatchUpsertAsync(Actor actor, string ws, JsonElement body, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        var errors = new ValidationErrors();
        var items = PersonGate.ReadBatch(body, MaxBatch, errors);
        errors.ThrowIfAny();
        return BatchUpsertAsync(actor, ws, items, ct);
    }

    static PersonInput Read(JsonElement body, PersonRuleSet rules)
    {
        var errors = new ValidationErrors();
        var input = PersonGate.Read(body, rules, "", errors);
        errors.ThrowIfAny();
        return input;
    }
}
