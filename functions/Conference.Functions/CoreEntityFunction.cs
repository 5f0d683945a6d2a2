using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace Conference.Functions;

/// <summary>
/// A Durable entity that is one of the core's entities: each operation is dispatched to the
/// same class the local runtime runs (through the same <see cref="EntityRegistry"/>). Signals
/// become <c>SignalEntity</c> (scheduled with <c>SignalTime</c> for timers); every other effect
/// leaves through one <see cref="EffectDelivery.DeliverEffects"/> orchestration, which Durable
/// starts only once the new state is stored. A refused operation throws, so Durable rolls it back.
/// State and inputs travel as the project's JSON text, the same JSON the local runtime stores.
/// </summary>
public sealed class CoreEntityFunction(EntityRegistry registry) : ITaskEntity
{
    public ValueTask<object?> RunAsync(TaskEntityOperation operation)
    {
        var name = operation.Context.Id.Name;
        var key = operation.Context.Id.Key;
        var type = registry.Get(name);
        var instance = type.Create();
        instance.State = operation.State.GetState(typeof(string)) is string { Length: > 0 } json
            ? JsonSerializer.Deserialize(json, type.StateType, CoreJson.Options)
            : null;
        var input = operation.HasInput && operation.GetInput(typeof(string)) is string { Length: > 0 } inputJson
            ? JsonDocument.Parse(inputJson).RootElement.Clone()
            : (JsonElement?)null;
        var context = new EntityContext(new EntityId(name, key), DateTimeOffset.UtcNow);
        instance.Context = context;

        object? result;
        try
        {
            result = type.Invoke(instance, operation.Name, input);
        }
        catch (DomainException refused)
        {
            throw new EntityRefusedException(refused);
        }

        operation.State.SetState(instance.State is null ? null : JsonSerializer.Serialize(instance.State, type.StateType, CoreJson.Options));
        var leaving = new List<Effect>();
        foreach (var effect in context.Effects)
        {
            if (effect is SignalEffect signal)
            {
                operation.Context.SignalEntity(new EntityInstanceId(signal.Target.Name, signal.Target.Key), signal.Operation,
                    input: signal.Input?.GetRawText(),
                    options: signal.At is { } at ? new SignalEntityOptions { SignalTime = at } : null);
            }
            else
            {
                leaving.Add(effect);
            }
        }
        if (leaving.Count > 0)
        {
            operation.Context.ScheduleNewOrchestration(new TaskName(nameof(EffectDelivery.DeliverEffects)),
                new EffectBatch(name, key, JsonSerializer.Serialize(leaving, CoreJson.Options)));
        }
        return ValueTask.FromResult<object?>(result is null ? null : JsonSerializer.Serialize(result, result.GetType(), CoreJson.Options));
    }
}
