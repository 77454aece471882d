namespace Flameup.Admin.Web.Components;

/// <summary>
/// The page's only inline script, kept here so the Content-Security-Policy can allow exactly this text by its hash
/// (<see cref="Hosting.ContentSecurityPolicy"/>). App.razor renders it verbatim; change it here and the hash follows.
/// </summary>
public static class InlineScripts
{
    /// <summary>Before anything paints: a dark page for those who chose dark (or the system's dark), so reloads never flash light.</summary>
    public const string Theme =
        """try{var t=localStorage.getItem("flameup.theme");if(t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("theme-dark")}catch(e){}""";

    public static string ThemeElement { get; } = $"<script>{Theme}</script>";
}
