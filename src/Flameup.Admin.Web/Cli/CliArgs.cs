namespace Flameup.Admin.Web.Cli;

/// <summary>Verb words and --options of a command line (<c>keys create --workspace ws --scopes a,b</c>).</summary>
public sealed class CliArgs
{
    readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public CliArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--"))
            {
                var eq = a.IndexOf('=');
                if (eq > 0) _options[a[2..eq]] = a[(eq + 1)..];
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--")) _options[a[2..]] = args[++i];
                else _options[a[2..]] = "true";
            }
            else Words.Add(a);
        }
    }

    public List<string> Words { get; } = [];
    public string? this[string name] => _options.GetValueOrDefault(name);
    public string Require(string name) => this[name] ?? throw new CliException($"--{name} is required");
}

public sealed class CliException(string message) : Exception(message);
