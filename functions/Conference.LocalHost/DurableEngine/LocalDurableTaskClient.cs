using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using ShimConverter = Microsoft.DurableTask.Converters.JsonDataConverter;

namespace Conference.LocalHost.DurableEngine;

/// <summary>
/// The part of Durable's client the adapter's gateway uses, over the framework's own client: start
/// an orchestration, wait for it (told by the worker in this process when its completion is stored;
/// its instance row is read once at first and then every second as a safety net), read an entity,
/// signal one. Everything travels in the shims' JSON, so what the worker's
/// shims read is what this wrote.
/// </summary>
public sealed class LocalDurableTaskClient : DurableTaskClient
{
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(1);
    private readonly TaskHubClient _client;
    private readonly CompletionsInProcess _completions;

    public LocalDurableTaskClient(AzureStorageOrchestrationService service, CompletionsInProcess completions, ILoggerFactory loggers) : base("local")
    {
        _client = new TaskHubClient(service, new ShimJson(), loggers);
        _completions = completions;
        Entities = new LocalDurableEntityClient(service);
    }

    public override DurableEntityClient Entities { get; }

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        await _client.CreateOrchestrationInstanceAsync(orchestratorName.Name, "", instanceId, input);
        return instanceId;
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var completed = _completions.Expect(instanceId);
        try
        {
            while (true)
            {
                if (await _client.GetOrchestrationStateAsync(instanceId) is { OrchestrationStatus: OrchestrationStatus.Completed or OrchestrationStatus.Failed
                        or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled } stored)
                {
                    return Answered(stored);
                }
                try
                {
                    return Answered(await completed.WaitAsync(SafetyPoll, cancellation));
                }
                catch (TimeoutException)
                {
                }
            }
        }
        finally
        {
            _completions.Forget(instanceId);
        }
    }

    /// <summary>The answer, read: a completed call's instance is not needed any more.</summary>
    private OrchestrationMetadata Answered(OrchestrationState state)
    {
        if (state.OrchestrationStatus == OrchestrationStatus.Completed)
        {
            _completions.PurgeLater(state.OrchestrationInstance.InstanceId);
        }
        return Metadata(state);
    }

    private static OrchestrationMetadata Metadata(OrchestrationState state) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
            SerializedOutput = state.Output,
            DataConverter = ShimConverter.Default,
            FailureDetails = state.FailureDetails is { } failure
                ? new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, null, null)
                : null,
        };

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw Unused();
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Unused();
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Unused();
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Unused();
    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Unused();
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw Unused();
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static NotSupportedException Unused() => new("The local host's Durable client does only what the entity gateway needs.");

    /// <summary>The framework's serializer interface, speaking the shims' JSON.</summary>
    private sealed class ShimJson : DurableTask.Core.Serializing.DataConverter
    {
        public override string Serialize(object value) => ShimConverter.Default.Serialize(value)!;

        public override string Serialize(object value, bool formatted) => Serialize(value);

        public override object Deserialize(string data, Type objectType) => ShimConverter.Default.Deserialize(data, objectType)!;
    }
}

/// <summary>Entities through the Azure Storage provider's own queries and messages.</summary>
internal sealed class LocalDurableEntityClient(AzureStorageOrchestrationService service) : DurableEntityClient("local")
{
    public override async Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default)
    {
        var found = await ((IEntityOrchestrationService)service).EntityBackendQueries!.GetEntityAsync(
            new DurableTask.Core.Entities.EntityId(id.Name, id.Key), includeState, includeStateless: false, cancellation);
        if (found is not { } entity)
        {
            return null;
        }
        return includeState && entity.SerializedState is { } state
            ? new EntityMetadata<T>(id, ShimConverter.Default.Deserialize<T>(state)!)
            : new EntityMetadata<T>(id);
    }

    public override Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default)
    {
        var target = new OrchestrationInstance { InstanceId = new DurableTask.Core.Entities.EntityId(id.Name, id.Key).ToString() };
        // A signal for later goes with its time as asked and as the provider caps it (it re-sends a capped one until the time comes).
        (DateTime, DateTime)? at = options?.SignalTime is { } time
            ? (time.UtcDateTime, ((IEntityOrchestrationService)service).EntityBackendProperties!.GetCappedScheduledTime(DateTime.UtcNow, time.UtcDateTime))
            : null;
        var signal = ClientEntityHelpers.EmitOperationSignal(target, Guid.NewGuid(), operationName, ShimConverter.Default.Serialize(input), at);
        return service.SendTaskOrchestrationMessageAsync(signal.AsTaskMessage());
    }

    public override Task<EntityMetadata?> GetEntityAsync(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default) => throw LocalDurableTaskClient.Unused();
    public override AsyncPageable<EntityMetadata> GetAllEntitiesAsync(EntityQuery? filter = null) => throw LocalDurableTaskClient.Unused();
    public override AsyncPageable<EntityMetadata<T>> GetAllEntitiesAsync<T>(EntityQuery? filter = null) => throw LocalDurableTaskClient.Unused();
    public override Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest? request = null, bool continueUntilComplete = true, CancellationToken cancellation = default) =>
        throw LocalDurableTaskClient.Unused();
}
