using Flameup.Admin.Components.People;

namespace Flameup.Admin.Components.Preferences;

public enum ThemePreference { System, Light, Dark }

/// <summary>What this browser remembers about how the operator likes the dashboard.</summary>
public sealed record UserPreferences
{
    public static IReadOnlyList<int> PageSizes => PeopleListState.PageSizes;

    public ThemePreference Theme { get; init; } = ThemePreference.System;
    public int PeoplePageSize { get; init; } = PeopleListState.DefaultPageSize;
    /// <summary>Column keys of the people table to show; null means the table's defaults.</summary>
    public IReadOnlyList<string>? PeopleColumns { get; init; }
    public string? LastWorkspace { get; init; }

    /// <summary>Values a stored copy may hold that are no longer allowed fall back to the defaults.</summary>
    public UserPreferences Normalized() => this with
    {
        Theme = Enum.IsDefined(Theme) ? Theme : ThemePreference.System,
        PeoplePageSize = PageSizes.Contains(PeoplePageSize) ? PeoplePageSize : PeopleListState.DefaultPageSize,
    };
}
