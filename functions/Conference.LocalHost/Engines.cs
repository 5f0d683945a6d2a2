using Azure.Data.Tables;
using Conference.Adapters;
using Conference.Core.Entities;
using Conference.Durable;
using Conference.Runtime;

namespace Conference.LocalHost;

/// <summary>
/// What runs the core's entities on one machine (<c>CONFERENCE_ENGINE</c>): the embedded runtime,
/// fast on Azurite and the default; or the Durable Task Framework, the engine under Durable Functions
/// in Azure, with the adapter's own entities, orchestrations and activity (the local stand-in for
/// <c>func start</c>). Either way the API, the core and the effects are the same.
/// </summary>
public static class Engines
{
    public const string Embedded = "embedded";
    public const string Durable = "durable";

    public static IServiceCollection AddEngine(this IServiceCollection services, LocalSettings settings)
    {
        services.AddSingleton(EntityRegistry.Default());
        return settings.Engine switch
        {
            Embedded => services.AddEmbeddedEngine(),
            Durable => services.AddDurableEngine(settings),
            var other => throw new InvalidOperationException($"CONFERENCE_ENGINE is '{Embedded}' or '{Durable}', not '{other}'."),
        };
    }

    private static IServiceCollection AddEmbeddedEngine(this IServiceCollection services)
    {
        // The runtime stores a conference's events with its state (ColocatedEvents), so the router does not store them again.
        services.AddSingleton(new EffectRouterOptions(EventsStoredWithState: true, ViewsDeliveredInOrder: true));
        services.AddSingleton(provider => new EntityRuntime(
            provider.GetRequiredService<TableServiceClient>(), provider.GetRequiredService<IEffectHandler>(), provider.GetRequiredService<EntityRegistry>(),
            provider.GetRequiredService<TimeProvider>(), new EntityRuntimeOptions(), provider.GetRequiredService<ILogger<EntityRuntime>>(),
            colocated: new ColocatedEvents()));
        services.AddSingleton<IEntityGateway>(provider => provider.GetRequiredService<EntityRuntime>());
        services.AddHostedService<EmbeddedEngineService>();
        return services;
    }

    private static IServiceCollection AddDurableEngine(this IServiceCollection services, LocalSettings settings)
    {
        var connection = settings.Storage.ConnectionString
            ?? throw new InvalidOperationException("The Durable engine runs here over a storage connection string (Azurite, or an account key).");
        services.AddSingleton(new EffectRouterOptions(EventsStoredWithState: false));
        services.AddSingleton(provider => new DurableEngine.DurableEngine(
            DurableEngine.DurableEngineSettings.From(Path.Combine(AppContext.BaseDirectory, "host.json"), connection),
            provider.GetRequiredService<EntityRegistry>(), provider.GetRequiredService<IEffectHandler>(), provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IEntityGateway>(provider => new DurableEntityGateway(
            provider.GetRequiredService<DurableEngine.DurableEngine>().Client, provider.GetRequiredService<EntityRegistry>()));
        services.AddHostedService(provider => provider.GetRequiredService<DurableEngine.DurableEngine>());
        return services;
    }

    /// <summary>Takes up the effects and timers stored before the last stop; on a stop, lets what is running finish.</summary>
    private sealed class EmbeddedEngineService(EntityRuntime runtime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync();
    }
}
