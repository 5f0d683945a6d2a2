using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Conference.Durable;

/// <summary>
/// The effects of one entity operation (or of those that waited in its outbox), as the project's JSON
/// in <see cref="CompactJson"/> (a batch from before it, plain JSON, reads the same).
/// </summary>
public sealed record EffectBatch(string Name, string Key, string EffectsJson)
{
    public static EffectBatch Of(string name, string key, string effectsJson) => new(name, key, CompactJson.Pack(effectsJson));

    public string UnpackedJson() => CompactJson.Unpack(EffectsJson);
}

/// <summary>
/// The Durable side's outbox: the effects of an operation leave with the state the entity stores,
/// to the call orchestration that asked for it or, for a signal, in a <see cref="DurableNames.DeliverEffects"/>
/// orchestration, one at a time per entity (<see cref="EffectOutbox"/>). Either runs one activity that delivers through the same <see cref="IEffectHandler"/>
/// the local runtime uses, retried with backoff. Receivers drop a repeat, so a retry is harmless.
/// </summary>
public static class EffectDelivery
{
    /// <summary>The delivery orchestration: the activity, then the entity's outbox told, whether or not the activity succeeded.</summary>
    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        var batch = context.GetInput<EffectBatch>()!;
        try
        {
            await DeliverFrom(context, batch);
        }
        finally
        {
            await EffectOutbox.TellDeliveredAsync(context, batch);
        }
    }

    /// <summary>The activity, from an orchestration: it is durable there, so a crash in between runs it again.</summary>
    public static Task DeliverFrom(TaskOrchestrationContext context, EffectBatch batch) =>
        context.CallActivityAsync(DurableNames.DeliverEffectsActivity, batch,
            TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)));

    /// <summary>The activity: everything but media commands must land (a failure fails the activity, so Durable retries it); a media command that cannot reach the media host is given up.</summary>
    public static async Task DeliverAsync(EffectBatch batch, IEffectHandler handler, ILogger logger, CancellationToken cancellationToken)
    {
        var source = new EntityId(batch.Name, batch.Key);
        var effects = JsonSerializer.Deserialize<List<Effect>>(batch.UnpackedJson(), CoreJson.Options)!;
        await handler.DeliverAllAsync(source, effects.Where(e => e is not MediaEffect).ToList(), cancellationToken);
        foreach (var media in effects.OfType<MediaEffect>())
        {
            try
            {
                await handler.DeliverAsync(source, media, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // As locally: a media command is not retried forever; the entity's own timers cover a lost one.
                logger.LogWarning(e, "Media command {Command} of {Entity} not delivered.", media.Command.GetType().Name, source);
            }
        }
    }
}
