using System.Text.Json;

namespace Flameup.Admin.Core.Common;

/// <summary>The reader's own words for malformed JSON, without the framework's position suffixes.</summary>
public static class JsonErrors
{
    /// <summary>"'x' is an invalid start of a value." from a message that goes on with " Path: … | LineNumber: …".</summary>
    public static string Describe(JsonException e)
    {
        var message = e.Message;
        foreach (var suffix in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(suffix, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd().TrimEnd('.');
    }
}
