using Conference.Core.Entities;
using Conference.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Functions;

/// <summary>
/// The Durable triggers, one line each: every entity is the core entity of its name (the function's
/// name is the entity's name, as the core names them), and the orchestrations and the activity are
/// the ones in Conference.Durable, under the names the entities and the gateway start them by.
/// </summary>
public static class DurableTriggers
{
    [Function(EntityNames.Conference)]
    public static Task Conference([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Conferencecall)]
    public static Task Conferencecall([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Recording)]
    public static Task Recording([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Transcribe)]
    public static Task Transcribe([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Call)]
    public static Task Call([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(DurableNames.CallEntity)]
    public static Task<EntityCallOutcome> CallEntity([OrchestrationTrigger] TaskOrchestrationContext context) => EntityCalls.RunAsync(context);

    [Function(DurableNames.SignalLater)]
    public static Task SignalLater([OrchestrationTrigger] TaskOrchestrationContext context) => LaterSignals.RunAsync(context);

    [Function(DurableNames.DeliverEffectsActivity)]
    public static Task DeliverEffectsActivity([ActivityTrigger] EffectBatch batch, FunctionContext context) =>
        EffectDelivery.DeliverAsync(batch, context.InstanceServices.GetRequiredService<IEffectHandler>(), context.GetLogger(nameof(EffectDelivery)), context.CancellationToken);
}
