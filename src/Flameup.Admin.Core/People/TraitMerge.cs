using System.Text.Json.Nodes;

namespace Flameup.Admin.Core.People;

/// <summary>A change to one field or trait key, for the <c>person.updated</c> event.</summary>
public sealed record FieldChange(string Field, JsonNode? Old, JsonNode? New);

/// <summary>Key-by-key trait merge: a key set to a value replaces it, null removes it, keys not mentioned stay.</summary>
public static class TraitMerge
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="traits"/> in place and lists what changed.</summary>
    public static void Apply(JsonObject traits, JsonObject patch, List<FieldChange> changes)
    {
        // The change keeps the nodes themselves, not copies: the old one has just left the traits and the new one is
        // this merge's own copy, and nothing edits a trait value in place (a later merge replaces it whole).
        foreach (var (key, value) in patch)
        {
            var had = traits.TryGetPropertyValue(key, out var old);
            if (value is null)
            {
                if (!had) continue;
                traits.Remove(key);
                changes.Add(new FieldChange("traits." + key, old, null));
            }
            else if (!had || !JsonNode.DeepEquals(old, value))
            {
                var copy = value.DeepClone();
                traits[key] = copy;
                changes.Add(new FieldChange("traits." + key, old, copy));
            }
        }
    }
}
