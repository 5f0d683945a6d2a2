using System.Text.Json;
using Conference.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace Conference.Durable;

/// <summary>
/// A Durable entity's outbox for the effects of its signals: one <see cref="DurableNames.DeliverEffects"/>
/// orchestration at a time per entity. While one is delivering, the effects of later operations wait
/// in the entity's stored record; when it ends it tells the entity (<see cref="DurableNames.EffectsDelivered"/>),
/// which sends everything that waited in one more. So a conference that many participants tell of
/// their changes at once starts a handful of deliveries instead of one for each change (each is some
/// 20 storage requests), and its events and list rows leave in the order the entity made them.
/// A delivery that has not told back after <see cref="Stale"/> (longer than its activity's retries
/// take) no longer holds the outbox.
/// </summary>
public static class EffectOutbox
{
    public static readonly TimeSpan Stale = TimeSpan.FromMinutes(30);

    /// <summary>The effects of one operation leave, now or after the delivery under way.</summary>
    public static DurableEntityRecord Leave(DurableEntityRecord record, TaskEntityContext context, EntityId source, IReadOnlyList<Effect> effects, DateTimeOffset now)
    {
        var waiting = (record.Outbox ?? []).Concat(JsonSerializer.SerializeToElement(effects, Core.Json.CoreJson.Options).EnumerateArray()).ToList();
        return record.DeliveringSince is { } since && now - since < Stale
            ? record with { Outbox = waiting }
            : Send(record, context, source, waiting, now);
    }

    /// <summary>The delivery under way ended: what waited meanwhile leaves in the next one.</summary>
    public static DurableEntityRecord Delivered(DurableEntityRecord record, TaskEntityContext context, EntityId source, DateTimeOffset now) =>
        record.Outbox is { Count: > 0 } waiting
            ? Send(record, context, source, waiting, now)
            : record with { Outbox = null, DeliveringSince = null };

    private static DurableEntityRecord Send(DurableEntityRecord record, TaskEntityContext context, EntityId source, IReadOnlyList<JsonElement> effects, DateTimeOffset now)
    {
        context.ScheduleNewOrchestration(new TaskName(DurableNames.DeliverEffects),
            EffectBatch.Of(source.Name, source.Key, JsonSerializer.Serialize(effects)));
        return record with { Outbox = null, DeliveringSince = now };
    }

    /// <summary>The delivery orchestration's last step, whether or not the delivery succeeded: the entity's outbox moves on.</summary>
    public static Task TellDeliveredAsync(TaskOrchestrationContext context, EffectBatch batch) =>
        context.Entities.SignalEntityAsync(new EntityInstanceId(batch.Name, batch.Key), DurableNames.EffectsDelivered);
}
