using Conference.Core.Entities;
using Conference.Durable;
using DurableTask.Core;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using CoreEntity = DurableTask.Core.Entities.TaskEntity;
using CoreEntityId = DurableTask.Core.Entities.EntityId;

namespace Conference.LocalHost.DurableEngine;

/// <summary>What the Task Hub worker runs, by name, made afresh for each piece of work.</summary>
internal sealed class ObjectsByName<T> : INameVersionObjectManager<T> where T : class
{
    private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.OrdinalIgnoreCase);

    public void Add(ObjectCreator<T> creator) => _creators[creator.Name] = creator;

    public T? GetObject(string name, string? version) => _creators.TryGetValue(name, out var creator) ? creator.Create() : null;
}

internal sealed class MadeEachTime<T> : ObjectCreator<T>
{
    private readonly Func<T> _make;

    public MadeEachTime(string name, Func<T> make)
    {
        Name = name;
        Version = "";
        _make = make;
    }

    public override T Create() => _make();
}

/// <summary>
/// An entity of the Durable Task Framework that is one of the core's entities: each batch of
/// operations runs the adapter's <see cref="CoreEntityFunction"/> through the shim made for the
/// instance the batch names (the framework asks for an entity by name only).
/// </summary>
internal sealed class CoreTaskEntity(DurableTaskShimFactory shims, Func<CoreEntityFunction> entity) : CoreEntity
{
    public override Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
    {
        var id = CoreEntityId.FromString(operations.InstanceId!);
        return shims.CreateEntity(new TaskName(id.Name), entity(), id).ExecuteOperationBatchAsync(operations);
    }
}

internal sealed class CallEntityOrchestrator : TaskOrchestrator<EntityCallRequest, EntityCallOutcome>
{
    public override Task<EntityCallOutcome> RunAsync(TaskOrchestrationContext context, EntityCallRequest input) => EntityCalls.RunAsync(context);
}

internal sealed class SignalLaterOrchestrator : TaskOrchestrator<LaterSignal, object?>
{
    public override async Task<object?> RunAsync(TaskOrchestrationContext context, LaterSignal input)
    {
        await LaterSignals.RunAsync(context);
        return null;
    }
}

internal sealed class DeliverEffectsActivity(IEffectHandler effects, ILogger logger) : Microsoft.DurableTask.TaskActivity<EffectBatch, object?>
{
    public override async Task<object?> RunAsync(TaskActivityContext context, EffectBatch input)
    {
        await EffectDelivery.DeliverAsync(input, effects, logger, CancellationToken.None);
        return null;
    }
}
