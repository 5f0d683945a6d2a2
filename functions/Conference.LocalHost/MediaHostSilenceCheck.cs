using Conference.Adapters;
using Conference.Core.Entities;

namespace Conference.LocalHost;

/// <summary>Every couple of seconds, whether the media host has gone silent (its legs' media then counts as dead).</summary>
internal sealed class MediaHostSilenceCheck(MediaHostMonitor monitor, IEntityGateway entities, ILogger<MediaHostSilenceCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await monitor.CheckSilenceAsync(entities, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking the media host's heartbeat failed.");
            }
        }
    }
}
