using System.Text;
using Flameup.Admin.Core.Signals;

namespace Flameup.Admin.Storage.Postgres.Signals;

/// <summary>
/// The text of a NOTIFY: the sending host's id, then each notice as a kind letter and its id, space-separated
/// (<c>h3f9a1c2e p:ws_demo e:ws_demo k:0190…</c>). Workspace and key ids hold no spaces. One payload stays under
/// PostgreSQL's 8000-byte limit; a larger batch goes out as several.
/// </summary>
static class SignalPayload
{
    public const int MaxBytes = 7900;

    public static List<string> Encode(string hostId, IEnumerable<Signal> signals)
    {
        var payloads = new List<string>();
        var sb = new StringBuilder(hostId);
        foreach (var signal in signals)
        {
            if (signal.Kind == SignalKind.Resync || signal.Subject.Length == 0 || signal.Subject.Contains(' ')) continue;
            var part = $" {Letter(signal.Kind)}:{signal.Subject}";
            if (sb.Length > hostId.Length && Encoding.UTF8.GetByteCount(sb.ToString()) + Encoding.UTF8.GetByteCount(part) > MaxBytes)
            {
                payloads.Add(sb.ToString());
                sb.Clear().Append(hostId);
            }
            sb.Append(part);
        }
        if (sb.Length > hostId.Length) payloads.Add(sb.ToString());
        return payloads;
    }

    /// <summary>The sender and its notices; unknown parts (a newer host's kinds) are skipped.</summary>
    public static (string HostId, List<Signal> Signals) Decode(string payload)
    {
        var parts = payload.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var signals = new List<Signal>();
        foreach (var part in parts.Skip(1))
        {
            if (part.Length < 3 || part[1] != ':') continue;
            SignalKind? kind = part[0] switch { 'p' => SignalKind.PeopleChanged, 'e' => SignalKind.EventsRecorded, 'k' => SignalKind.ApiKeyChanged, _ => null };
            if (kind is { } k) signals.Add(new Signal(k, part[2..]));
        }
        return (parts.Length > 0 ? parts[0] : "", signals);
    }

    static char Letter(SignalKind kind) => kind switch
    {
        SignalKind.PeopleChanged => 'p',
        SignalKind.EventsRecorded => 'e',
        SignalKind.ApiKeyChanged => 'k',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
