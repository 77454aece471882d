namespace Flameup.Admin.Core.Common;

/// <summary>Input broke one or more rules. Keys are field paths such as <c>traits.plan</c> or <c>people[3].email</c>.</summary>
public sealed class DomainValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(Describe(errors))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 1
            ? $"{errors.First().Key}: {errors.First().Value.FirstOrDefault()}"
            : $"{errors.Count} fields are invalid: {string.Join(", ", errors.Keys.Take(10))}{(errors.Count > 10 ? ", ..." : "")}.";
}

/// <summary>The request clashes with existing data (for example a userId already in use).</summary>
public sealed class ConflictException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The thing asked for does not exist in this workspace.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The signed-in user may not do this (for example a Viewer trying to change data).</summary>
public sealed class ForbiddenException(string message) : Exception(message);
