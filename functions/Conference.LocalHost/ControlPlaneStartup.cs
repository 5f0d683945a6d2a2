using Conference.Adapters;
using Conference.Runtime;
using Conference.Storage;

namespace Conference.LocalHost;

/// <summary>Before the API takes requests: tables exist, stored effects and timers are taken up again, the development key works.</summary>
internal sealed class ControlPlaneStartup(ITableStore tables, EntityRuntime runtime, AccessKeyStore keys, DevelopmentKey key, ILogger<ControlPlaneStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Tables.EnsureAsync(tables, cancellationToken);
        await runtime.StartAsync(cancellationToken);
        await keys.RegisterAsync(key.Token, key.CustomerId, "development", DateTimeOffset.MaxValue, cancellationToken);
        logger.LogInformation("Development customer {Customer} is ready.", key.CustomerId);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync();
}

public sealed record DevelopmentKey(string Token, Guid CustomerId);
