namespace Flameup.Admin.Core.Common;

/// <summary>Character rules shared by the people rules (userIds and trait keys must not hold control characters).</summary>
public static class Chars
{
    /// <summary>Whether the text holds a control character (<see cref="char.IsControl(char)"/>), without a delegate per call.</summary>
    public static bool HasControl(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c)) return true;
        return false;
    }
}
