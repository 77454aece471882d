namespace Flameup.Admin.Components.Preferences;

public enum ThemePreference { System, Light, Dark }

/// <summary>What this browser remembers about how the operator likes the dashboard.</summary>
public sealed record UserPreferences
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100, 250];

    public ThemePreference Theme { get; init; } = ThemePreference.System;
    public int PeoplePageSize { get; init; } = 50;
    /// <summary>Column keys of the people table to show; null means the table's defaults.</summary>
    public IReadOnlyList<string>? PeopleColumns { get; init; }
    public string? LastWorkspace { get; init; }

    /// <summary>Values a stored copy may hold that are no longer allowed fall back to the defaults.</summary>
    public UserPreferences Normalized() => this with
    {
        Theme = Enum.IsDefined(Theme) ? Theme : ThemePreference.System,
        PeoplePageSize = PageSizes.Contains(PeoplePageSize) ? PeoplePageSize : 50,
    };
}
