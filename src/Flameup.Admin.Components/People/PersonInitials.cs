namespace Flameup.Admin.Components.People;

/// <summary>Two letters for an avatar: from a name ("Jane Doe" → JD), an email (jane.doe@… → JD) or an id.</summary>
public static class PersonInitials
{
    public static string Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "?";
        var s = text.Trim();
        var at = s.IndexOf('@');
        if (at > 0) s = s[..at];
        var words = s.Split([' ', '.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsLetterOrDigit(w[0])).ToArray();
        if (words.Length == 0) return s[..1].ToUpperInvariant();
        return words.Length == 1
            ? words[0][..Math.Min(2, words[0].Length)].ToUpperInvariant()
            : $"{char.ToUpperInvariant(words[0][0])}{char.ToUpperInvariant(words[^1][0])}";
    }
}
