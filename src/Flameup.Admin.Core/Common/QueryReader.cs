
namespace Flameup.Admin.Core.Common;

/// <summary>Parses query parameters, noting each bad one by name.</summary>
public sealed class QueryReader(ValidationErrors errors)
{
    public int Int(string name, string? text, int fallback)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v)) return v;
        errors.Add(name, $"must be a whole number (got '{Clip(text)}')");
        return fallback;
    }

    public DateTimeOffset? Time(string name, string? text)
    {
        if (text is null) return null;
        if (Timestamps.TryParse(text, out var v)) return v;
        errors.Add(name, $"must be an RFC 3339 date-time such as 2024-01-15T10:30:00Z (got '{Clip(text)}')");
        return null;
    }

    static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
