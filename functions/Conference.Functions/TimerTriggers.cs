using Conference.Adapters;
using Conference.Adapters.Events;
using Conference.Core.Entities;
using Conference.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Functions;

/// <summary>
/// The timers the local host runs as hosted loops. On Flex Consumption an instance may be scaled to
/// zero, so a timer trigger wakes one: for queued webhook events and retries, and to notice a media
/// host that has gone silent.
/// </summary>
public static class TimerTriggers
{
    [Function("DeliverWebhooks")]
    public static Task DeliverWebhooks([TimerTrigger("*/10 * * * * *")] TimerInfo timer, FunctionContext context) =>
        context.InstanceServices.GetRequiredService<WebhookDispatcher>().DispatchOnceAsync(context.CancellationToken);

    [Function("CheckMediaHostSilence")]
    public static Task CheckMediaHostSilence([TimerTrigger("*/5 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        context.InstanceServices.GetRequiredService<MediaHostMonitor>().CheckSilenceAsync(
            new DurableEntityGateway(client, context.InstanceServices.GetRequiredService<EntityRegistry>()), context.CancellationToken);
}
