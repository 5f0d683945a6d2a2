using Conference.Adapters;
using Conference.Api;
using Conference.Core.Entities;
using Conference.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Functions;

/// <summary>
/// The Function App's services: the same API handlers, core entities and adapters as the local
/// host, with Durable entities (through <see cref="DurableGatewayHolder"/>) in place of the local runtime.
/// </summary>
public static class FunctionsServices
{
    public static IServiceCollection AddConferenceFunctions(this IServiceCollection services, AzureSettings settings)
    {
        services.AddControlPlaneApi(new ApiOptions
        {
            MediaSharedKey = settings.MediaKey,
            TokenSigningKey = settings.TokenSigningKey,
            TranscribeLanguages = settings.TranscribeLanguages,
        });
        services.AddConferenceStorage(settings.Storage);
        services.AddSingleton(new MediaHostOptions(settings.MediaHostUrl, settings.MediaKey));
        services.AddHttpClient<IMediaHost, MediaHostClient>(http => http.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<IEffectHandler, EffectRouter>();
        services.AddSingleton(EntityRegistry.Default());
        services.AddSingleton(settings);
        services.AddScoped<DurableGatewayHolder>();
        services.AddScoped<IEntityGateway>(provider => provider.GetRequiredService<DurableGatewayHolder>().Gateway);
        services.AddHostedService<TablesStartup>();
        return services;
    }
}
