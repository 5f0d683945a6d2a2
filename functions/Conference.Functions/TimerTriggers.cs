using Conference.Adapters.Events;
using Microsoft.Azure.Functions.Worker;

namespace Conference.Functions;

/// <summary>
/// Webhook delivery in Azure: the dispatcher's hosted loop runs while an instance is warm; this
/// timer makes sure an instance wakes for queued events and retries even when no request keeps
/// one running (Flex Consumption scales to zero).
/// </summary>
public static class WebhookTimer
{
    [Function("DeliverWebhooks")]
    public static Task DeliverWebhooks([TimerTrigger("*/10 * * * * *")] TimerInfo timer, FunctionContext context) =>
        ((WebhookDispatcher)context.InstanceServices.GetService(typeof(WebhookDispatcher))!).DispatchOnceAsync(context.CancellationToken);
}
