using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace Conference.Durable;

/// <summary>
/// A Durable entity that is one of the core's entities: each operation is dispatched to the
/// same class the local runtime runs (through the same <see cref="EntityRegistry"/>). Signals
/// become <c>SignalEntity</c>; timers (signals for later) a <see cref="DurableNames.SignalLater"/>
/// orchestration (<see cref="LaterSignals"/> says why). Every other effect
/// goes back to the call orchestration that asked (<see cref="EntityMessage.CallerDelivers"/>),
/// which delivers them before it answers, or, for a signal, joins the entity's <see cref="EffectOutbox"/>,
/// which the entity delivers itself once it is stored; Durable sends either only once the new
/// state is stored. A refused operation throws, so Durable rolls it back. A message whose id the
/// entity has applied already runs nothing and answers null, as locally.
/// </summary>
public sealed class CoreEntityFunction(EntityRegistry registry, IEffectHandler effects, ILogger<CoreEntityFunction> logger) : ITaskEntity
{
    public async ValueTask<object?> RunAsync(TaskEntityOperation operation)
    {
        var id = new EntityId(operation.Context.Id.Name, operation.Context.Id.Key);
        var stored = DurableEntityRecord.FromJson(operation.State.GetState(typeof(string)) as string);
        var message = EntityMessage.FromJson(operation.HasInput ? operation.GetInput(typeof(string)) as string : null);
        var recent = new RecentMessages(stored.Recent);
        if (message.MessageId is { } repeat && recent.Contains(repeat))
        {
            return message.CallerDelivers ? new EntityAnswer(null, null).ToJson() : null;
        }
        if (operation.Name == DurableNames.DeliverOutbox)
        {
            Store(operation, await EffectOutbox.DeliverAsync(stored, operation.Context, id, EffectOutbox.UpToOf(message), effects, logger, DateTimeOffset.UtcNow));
            return null;
        }
        var type = registry.Get(id.Name);

        var instance = type.Create();
        instance.State = stored.State?.Deserialize(type.StateType, CoreJson.Options);
        var context = new EntityContext(id, DateTimeOffset.UtcNow);
        instance.Context = context;
        object? result;
        try
        {
            result = type.Invoke(instance, operation.Name, message.Input);
        }
        catch (DomainException refused)
        {
            throw new EntityRefusedException(refused);
        }

        if (message.MessageId is { } messageId)
        {
            recent.Remember(messageId);
        }
        var state = instance.State is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(instance.State, type.StateType, CoreJson.Options);
        var record = stored with { State = state, Recent = recent.ToList() };

        var leaving = new List<Effect>();
        foreach (var effect in context.Effects)
        {
            if (effect is SignalEffect { At: { } at } timer)
            {
                operation.Context.ScheduleNewOrchestration(new TaskName(DurableNames.SignalLater),
                    new LaterSignal(timer.Target.Name, timer.Target.Key, timer.Operation, new EntityMessage(timer.Input, timer.Id).ToJson(), at));
            }
            else if (effect is SignalEffect signal)
            {
                operation.Context.SignalEntity(new EntityInstanceId(signal.Target.Name, signal.Target.Key), signal.Operation,
                    input: new EntityMessage(signal.Input, signal.Id).ToJson());
            }
            else
            {
                leaving.Add(effect);
            }
        }
        var resultJson = result is null ? null : JsonSerializer.Serialize(result, result.GetType(), CoreJson.Options);
        if (message.CallerDelivers)
        {
            Store(operation, record);
            return new EntityAnswer(resultJson, leaving.Count > 0 ? JsonSerializer.Serialize(leaving, CoreJson.Options) : null).ToJson();
        }
        Store(operation, leaving.Count > 0 ? EffectOutbox.Leave(record, operation.Context, leaving) : record);
        return resultJson;
    }

    /// <summary>Nothing to keep (an operation on an entity that does not exist): store nothing, so a probe creates no entity.</summary>
    private static void Store(TaskEntityOperation operation, DurableEntityRecord record) =>
        operation.State.SetState(record.IsEmpty ? null : record.ToJson());
}
