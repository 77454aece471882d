using Microsoft.Extensions.DependencyInjection;

namespace Flameup.Admin.Components;

/// <summary>The component library's services; the host calls <see cref="AddFlameupComponents"/> after AddMudServices.</summary>
public static class FlameupComponents
{
    public static IServiceCollection AddFlameupComponents(this IServiceCollection services)
    {
        services.AddScoped<Preferences.PreferencesService>();
        return services;
    }
}
