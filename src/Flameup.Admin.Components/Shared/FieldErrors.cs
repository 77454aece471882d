using Flameup.Admin.Core.Common;

namespace Flameup.Admin.Components.Shared;

/// <summary>
/// The domain's validation messages, keyed by field path (<c>userId</c>, <c>traits.plan</c>), ready to show on the
/// field they belong to. Messages are the domain's own ("must be an email address like …"), capitalised for display;
/// the components never re-implement a rule.
/// </summary>
public sealed class FieldErrors
{
    public static readonly FieldErrors None = new(new Dictionary<string, string[]>(), null);

    readonly IReadOnlyDictionary<string, string[]> _errors;

    FieldErrors(IReadOnlyDictionary<string, string[]> errors, string? other)
    {
        _errors = errors;
        Other = other;
    }

    /// <summary>Messages for fields the form does not show, as one line ("field: message; …").</summary>
    public string? Other { get; }

    public bool IsEmpty => _errors.Count == 0 && Other is null;
    public IReadOnlyDictionary<string, string[]> All => _errors;

    public bool Has(string field) => _errors.ContainsKey(field);
    public string? Text(string field) => _errors.TryGetValue(field, out var m) ? string.Join(" ", m.Select(Sentence)) : null;

    /// <summary>Errors of a validation failure; those of fields not in <paramref name="shown"/> (and not under a shown prefix ending in '.') go to <see cref="Other"/>.</summary>
    public static FieldErrors From(DomainValidationException e, params string[] shown)
    {
        bool IsShown(string key) => shown.Any(s => s == key || (s.EndsWith('.') && key.StartsWith(s, StringComparison.Ordinal)));
        var mine = e.Errors.Where(x => IsShown(x.Key)).ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        var rest = e.Errors.Where(x => !IsShown(x.Key)).ToList();
        var other = rest.Count == 0 ? null : string.Join("; ", rest.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}"));
        return new FieldErrors(mine, other);
    }

    public static FieldErrors From(ConflictException e) =>
        new(new Dictionary<string, string[]> { [e.Field] = [e.Message] }, null);

    /// <summary>A message that belongs to no field (for example "viewers change nothing").</summary>
    public static FieldErrors General(string message) => new(new Dictionary<string, string[]>(), message);

    public static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? "" : ".");
}
