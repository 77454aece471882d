using System.Text.Json;
using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Core.People;

/// <summary>Which rules an input must pass: create, upsert and batch items need a userId; an update does not.</summary>
public enum PersonRuleSet { Upsert, Update }

/// <summary>
/// The one way a person's input gets in, whatever the front door (REST, dashboard, CSV or JSON import): parse,
/// normalise, validate, with every bad field collected so one answer names them all. <see cref="PeopleService"/>
/// runs it; the import readers run it per row so a bad row fails alone.
/// </summary>
public static class PersonGate
{
    /// <summary>Normalises <paramref name="input"/> in place and adds each rule it breaks, keyed under <paramref name="prefix"/>.</summary>
    public static void Check(PersonInput input, PersonRuleSet rules, string prefix, ValidationErrors errors)
    {
        if (input.CheckedAs == rules) return;
        Normalize(input);
        if (rules == PersonRuleSet.Upsert) PersonRules.ValidateForUpsert(input, prefix, errors);
        else PersonRules.ValidateForUpdate(input, prefix, errors);
        if (!errors.AnyUnder(prefix)) input.CheckedAs = rules;
    }

    /// <summary>Reads one JSON person and checks it: type errors and rule errors together.</summary>
    public static PersonInput Read(JsonElement body, PersonRuleSet rules, string prefix, ValidationErrors errors)
    {
        var input = PersonJsonReader.Read(body, prefix, errors);
        // A body that is not an object has said all there is to say; a batch item that is not still gets its
        // missing userId named, as the batch has always answered.
        if (body.ValueKind == JsonValueKind.Object || prefix.Length > 0) Check(input, rules, prefix, errors);
        return input;
    }

    /// <summary>Reads a batch body <c>{"people": [...]}</c> of 1 to <paramref name="max"/> people, each checked for upsert.</summary>
    public static List<PersonInput> ReadBatch(JsonElement root, int max, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object like {\"people\": [...]}");
            return [];
        }
        if (!root.TryGetProperty("people", out var list))
        {
            errors.Add("people", $"is required: an array of 1 to {max} people");
            return [];
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("people", $"must be an array, not {PersonJsonReader.Describe(list.ValueKind)}");
            return [];
        }
        var count = list.GetArrayLength();
        if (count is 0 || count > max)
        {
            errors.Add("people", $"must hold 1 to {max} people (got {count})");
            return [];
        }
        var inputs = new List<PersonInput>(count);
        var i = 0;
        foreach (var item in list.EnumerateArray())
            inputs.Add(Read(item, PersonRuleSet.Upsert, $"people[{i++}].", errors));
        return inputs;
    }

    static void Normalize(PersonInput input)
    {
        if (input.Email is not null) input.Email = PersonRules.NormalizeEmail(input.Email);
    }
}
