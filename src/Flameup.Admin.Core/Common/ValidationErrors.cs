namespace Flameup.Admin.Core.Common;

/// <summary>Collects every problem of an input, keyed by field path, so one answer names them all.</summary>
public sealed class ValidationErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;
    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Whether any field under this path prefix (e.g. <c>people[3].</c>; empty for all) has a problem.</summary>
    public bool AnyUnder(string prefix) =>
        prefix.Length == 0 ? !IsEmpty : _errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal) || k == prefix.TrimEnd('.'));

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (!IsEmpty) throw new DomainValidationException(ToDictionary());
    }
}
