using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Functions;

/// <summary>The effects of one entity operation, as the project's JSON.</summary>
public sealed record EffectBatch(string Name, string Key, string EffectsJson);

/// <summary>
/// The Durable side's outbox: the entity schedules this orchestration with the state it stores,
/// and the activity delivers through the same <see cref="IEffectHandler"/> the local host uses,
/// retried with backoff. Receivers drop a repeat, so a retry is harmless.
/// </summary>
public static class EffectDelivery
{
    [Function(nameof(DeliverEffects))]
    public static Task DeliverEffects([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync(nameof(DeliverEffectsActivity), context.GetInput<EffectBatch>(),
            TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)));

    [Function(nameof(DeliverEffectsActivity))]
    public static async Task DeliverEffectsActivity([ActivityTrigger] EffectBatch batch, FunctionContext context)
    {
        var source = new EntityId(batch.Name, batch.Key);
        var effects = JsonSerializer.Deserialize<List<Effect>>(batch.EffectsJson, CoreJson.Options)!;
        var handler = context.InstanceServices.GetRequiredService<IEffectHandler>();
        await handler.DeliverAllAsync(source, effects.Where(e => e is not MediaEffect).ToList(), context.CancellationToken);
        foreach (var media in effects.OfType<MediaEffect>())
        {
            try
            {
                await handler.DeliverAsync(source, media, context.CancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // As locally: a media command is not retried forever; the entity's own timers cover a lost one.
                context.GetLogger(nameof(EffectDelivery)).LogWarning(e, "Media command {Command} of {Entity} not delivered.", media.Command.GetType().Name, source);
            }
        }
    }
}
