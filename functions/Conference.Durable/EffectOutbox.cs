using System.Text.Json;
using Conference.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace Conference.Durable;

/// <summary>
/// A Durable entity's outbox for the effects of its signals, delivered by the entity itself. The
/// effects of an operation join the outbox in the record the entity stores, and, unless a delivery is
/// asked for already, the entity signals itself <see cref="DurableNames.DeliverOutbox"/> with the number
/// of the last one. Durable sends that signal only once the record is stored, so when it arrives every
/// effect up to that number is stored: the entity delivers those through the same <see cref="IEffectHandler"/>
/// the activity uses (an entity may call other services; Durable does not replay it), drops them, and
/// asks again for whatever came meanwhile. So a conference told of many participants' changes at once
/// delivers them in a few deliveries, in the order it made them, and a delivery costs one queue message
/// and one entity turn instead of an orchestration, its activity and a message back (some 20 storage
/// requests). A delivery that fails keeps its effects and is asked again later (<see cref="RetryAfter"/>);
/// a crash during one runs it again, and receivers drop a repeat.
/// </summary>
public static class EffectOutbox
{
    /// <summary>The wait before asking again after the <paramref name="failures"/>th failed delivery in a row: 1 s, doubling, at most a minute.</summary>
    public static TimeSpan RetryAfter(int failures) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Max(0, failures - 1))));

    /// <summary>The effects of one operation join the outbox; a delivery is asked for unless one is already.</summary>
    public static DurableEntityRecord Leave(DurableEntityRecord record, TaskEntityContext context, IReadOnlyList<Effect> effects)
    {
        var waiting = (record.Outbox ?? []).Concat(JsonSerializer.SerializeToElement(effects, Core.Json.CoreJson.Options).EnumerateArray()).ToList();
        var joined = record with { Outbox = waiting };
        return record.DeliveryAsked ? joined : Ask(joined, context);
    }

    /// <summary>
    /// The delivery asked for with <paramref name="upTo"/>: the effects numbered up to it (stored before
    /// the ask was sent) are delivered and dropped; the rest wait for the next ask.
    /// </summary>
    public static async Task<DurableEntityRecord> DeliverAsync(DurableEntityRecord record, TaskEntityContext context, EntityId source, long upTo,
        IEffectHandler handler, ILogger logger, DateTimeOffset now)
    {
        var waiting = record.Outbox ?? [];
        var stored = (int)Math.Clamp(upTo - record.OutboxStart + 1, 0, waiting.Count);
        if (stored > 0)
        {
            try
            {
                await EffectDelivery.DeliverAsync(source, waiting.Take(stored).Select(e => e.Deserialize<Effect>(Core.Json.CoreJson.Options)!).ToList(), handler, logger, CancellationToken.None);
            }
            catch (Exception e)
            {
                var failures = record.FailedDeliveries + 1;
                var after = RetryAfter(failures);
                logger.LogWarning(e, "{Count} effects of {Entity} not delivered ({Failures} in a row); asking again in {After}.", stored, source, failures, after);
                context.ScheduleNewOrchestration(new TaskName(DurableNames.SignalLater),
                    new LaterSignal(source.Name, source.Key, DurableNames.DeliverOutbox, AskMessage(upTo), now + after));
                return record with { FailedDeliveries = failures };
            }
        }
        var rest = waiting.Skip(stored).ToList();
        var delivered = record with { Outbox = rest.Count > 0 ? rest : null, OutboxStart = record.OutboxStart + stored, DeliveryAsked = false, FailedDeliveries = 0 };
        return rest.Count > 0 ? Ask(delivered, context) : delivered;
    }

    /// <summary>The number of the last effect the ask covers (none without one: what waits is then asked for again).</summary>
    public static long UpToOf(EntityMessage ask) => ask.Input?.GetInt64() ?? -1;

    private static DurableEntityRecord Ask(DurableEntityRecord record, TaskEntityContext context)
    {
        context.SignalEntity(context.Id, DurableNames.DeliverOutbox, AskMessage(record.OutboxStart + record.Outbox!.Count - 1));
        return record with { DeliveryAsked = true };
    }

    /// <summary>An ask carries no message id: one that comes twice finds its effects delivered, and asks for what waits.</summary>
    private static string AskMessage(long upTo) => new EntityMessage(JsonSerializer.SerializeToElement(upTo), null).ToJson();
}
