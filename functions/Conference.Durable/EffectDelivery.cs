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
/// How effects leave a Durable entity, through the same <see cref="IEffectHandler"/> the local runtime
/// uses: a call's in one activity of the call orchestration, retried with backoff, before it answers;
/// a signal's by the entity itself, from its <see cref="EffectOutbox"/>. Receivers drop a repeat, so a retry is harmless.
/// </summary>
public static class EffectDelivery
{
    /// <summary>The activity, from an orchestration: it is durable there, so a crash in between runs it again.</summary>
    public static Task DeliverFrom(TaskOrchestrationContext context, EffectBatch batch) =>
        context.CallActivityAsync(DurableNames.DeliverEffectsActivity, batch,
            TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 10, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2)));

    /// <summary>The delivery: everything but media commands must land (a failure throws, so it is tried again); a media command that cannot reach the media host is given up.</summary>
    public static Task DeliverAsync(EffectBatch batch, IEffectHandler handler, ILogger logger, CancellationToken cancellationToken) =>
        DeliverAsync(new EntityId(batch.Name, batch.Key), JsonSerializer.Deserialize<List<Effect>>(batch.UnpackedJson(), CoreJson.Options)!, handler, logger, cancellationToken);

    public static async Task DeliverAsync(EntityId source, IReadOnlyList<Effect> effects, IEffectHandler handler, ILogger logger, CancellationToken cancellationToken)
    {
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
