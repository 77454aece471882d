namespace Flameup.Admin.Web.Hosting;

/// <summary>Settings of section "Flameup:Security"; see appsettings.example.json and README "Security".</summary>
public sealed class SecuritySettings
{
    public const string Section = "Flameup:Security";

    /// <summary>Requests with a missing, bad or revoked API key one client address may make per window before every
    /// API request from it gets 429 until the window ends. Requests with a valid key never count.</summary>
    public int ApiFailedAuthLimit { get; set; } = 100;
    public int ApiFailedAuthWindowSeconds { get; set; } = 60;

    /// <summary>Sign-in form submissions allowed per client address per window (429 page beyond).</summary>
    public int SignInLimit { get; set; } = 20;
    public int SignInWindowSeconds { get; set; } = 60;

    /// <summary>A session without "keep me signed in" ends after this long without a request.</summary>
    public int SessionIdleMinutes { get; set; } = 60;
    /// <summary>"Keep me signed in": a persistent cookie that lasts this long after the last visit.</summary>
    public int RememberMeDays { get; set; } = 7;
    /// <summary>Mark the sign-in cookie Secure on every request (true), or only when the request came over https (false).</summary>
    public bool CookiesAlwaysSecure { get; set; }
    /// <summary>Strict-Transport-Security max-age on https responses outside Development; 0 turns it off.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

/// <summary>Trust X-Forwarded-For/-Proto from a TLS-terminating proxy (off by default: anyone could send them).</summary>
public sealed class ForwardedHeadersSettings
{
    public bool Enabled { get; set; }
    /// <summary>Proxy addresses whose headers are trusted, besides loopback (e.g. "10.0.0.5").</summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Proxy networks in CIDR notation whose headers are trusted (e.g. "10.0.0.0/8").</summary>
    public string[] KnownNetworks { get; set; } = [];
    /// <summary>How many proxies in front of the app to walk back through.</summary>
    public int ForwardLimit { get; set; } = 1;
}
