using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;

namespace Conference.Durable;

/// <summary>
/// The entity gateway over Durable's client, the same interface the local runtime implements.
/// A call runs as a small orchestration (<see cref="EntityCalls.RunAsync"/>) because only an
/// orchestration can call an entity and wait for its answer; the answer comes once Durable has
/// stored the entity's new state.
/// </summary>
public sealed class DurableEntityGateway(DurableTaskClient client, EntityRegistry registry) : IEntityGateway
{
    public async Task<object?> CallAsync(EntityId id, string operation, object? input = null, Guid? messageId = null, CancellationToken cancellationToken = default)
    {
        var message = new EntityMessage(input is null ? null : JsonSerializer.SerializeToElement(input, CoreJson.Options), messageId);
        var request = new EntityCallRequest(id.Name, id.Key, operation, message.ToJson());
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(DurableNames.CallEntity), request, options: null, cancellationToken);
        var completed = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation: cancellationToken);
        if (completed.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new EntityUnavailableException(id, new InvalidOperationException(
                $"The call orchestration ended {completed.RuntimeStatus}: {completed.FailureDetails?.ErrorType} {completed.FailureDetails?.ErrorMessage} {completed.SerializedOutput}"));
        }
        var outcome = completed.ReadOutputAs<EntityCallOutcome>()!;
        if (outcome.Refusal is { } refusal)
        {
            throw refusal.ToException();
        }
        var resultType = registry.Get(id.Name).ResultType(operation);
        return resultType is null || outcome.ResultJson is null ? null : JsonSerializer.Deserialize(outcome.ResultJson, resultType, CoreJson.Options);
    }

    /// <summary>A signal: stored as a message in the entity's queue (about 5 storage requests, against some 30 for a call's orchestration).</summary>
    public Task SignalAsync(EntityId id, string operation, object? input, Guid messageId, CancellationToken cancellationToken = default) =>
        client.Entities.SignalEntityAsync(new EntityInstanceId(id.Name, id.Key), operation,
            new EntityMessage(input is null ? null : JsonSerializer.SerializeToElement(input, CoreJson.Options), messageId).ToJson(), cancellation: cancellationToken);

    public async Task<TState?> GetStateAsync<TState>(EntityId id, CancellationToken cancellationToken = default) where TState : class
    {
        var entity = await client.Entities.GetEntityAsync<string>(new EntityInstanceId(id.Name, id.Key), includeState: true, cancellation: cancellationToken);
        // A transient entity (being created or removed) comes without state, and reading its State would throw.
        return entity is { IncludesState: true } && DurableEntityRecord.FromJson(entity.State).State is { } state
            ? state.Deserialize<TState>(CoreJson.Options)
            : null;
    }
}
