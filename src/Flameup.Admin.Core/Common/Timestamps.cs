using System.Globalization;

namespace Flameup.Admin.Core.Common;

/// <summary>Times are stored as Unix milliseconds (UTC) and written as RFC 3339 with a Z.</summary>
public static class Timestamps
{
    public static long ToMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary><c>2024-01-15T10:30:00Z</c>, or with milliseconds when there are any.</summary>
    public static string Format(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses any RFC 3339 date-time (offset or Z, fractional seconds allowed); a bare date counts as midnight UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (text.Length < 10 || !char.IsAsciiDigit(text[0])) return false;
        if (text.Length == 10)
            return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
        // RFC 3339 requires a zone; accept a missing one as UTC, which is what integrations usually mean
        // (Python's datetime.utcnow().isoformat() omits it).
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value) && text.Contains('T', StringComparison.OrdinalIgnoreCase);
    }
}
