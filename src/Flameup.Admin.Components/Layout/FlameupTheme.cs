using MudBlazor;

namespace Flameup.Admin.Components.Layout;

/// <summary>The brand theme: flame orange on neutral greys, system fonts (no web fonts are fetched).</summary>
public static class FlameupTheme
{
    static readonly string[] Fonts = ["Inter", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#E4572E",
            PrimaryDarken = "#C7451F",
            Secondary = "#5B5FC7",
            Tertiary = "#17A589",
            Info = "#2E86DE",
            Success = "#2E9E5B",
            Warning = "#E69A14",
            Error = "#D63A3A",
            AppbarBackground = "#FFFFFF",
            AppbarText = "#1F2430",
            Background = "#F6F7F9",
            Surface = "#FFFFFF",
            DrawerBackground = "#FFFFFF",
            DrawerText = "#3A4150",
            DrawerIcon = "#5F6778",
            TextPrimary = "#1F2430",
            TextSecondary = "#5F6778",
            LinesDefault = "#E3E6EB",
            TableLines = "#E9ECF0",
            Divider = "#E3E6EB",
            ActionDefault = "#5F6778",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#FF7A4D",
            PrimaryDarken = "#E4572E",
            Secondary = "#8E92F0",
            Tertiary = "#3CC9A7",
            Info = "#5AA9F0",
            Success = "#4CC283",
            Warning = "#F2B441",
            Error = "#F26B6B",
            AppbarBackground = "#1A1D24",
            AppbarText = "#E8EAEE",
            Background = "#121418",
            Surface = "#1A1D24",
            DrawerBackground = "#1A1D24",
            DrawerText = "#C9CDD6",
            DrawerIcon = "#A0A6B3",
            TextPrimary = "#E8EAEE",
            TextSecondary = "#A0A6B3",
            LinesDefault = "#2C313B",
            TableLines = "#2A2E37",
            Divider = "#2C313B",
            ActionDefault = "#A0A6B3",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", DrawerWidthLeft = "232px" },
    };
}
