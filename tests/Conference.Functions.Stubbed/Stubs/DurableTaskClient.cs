// Stand-ins for Microsoft.DurableTask.Client (1.25.0): only the public signatures the adapter and
// its tests use, with the same namespaces, kinds and abstract/virtual shape as the package (read
// from microsoft/durabletask-dotnet). Bodies that would do Durable's work throw.
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace Microsoft.DurableTask.Client
{
    public enum OrchestrationRuntimeStatus
    {
        Running,
        Completed,
        [Obsolete("The ContinuedAsNew status is obsolete and exists only for compatibility reasons.")]
        ContinuedAsNew,
        Failed,
        [Obsolete("The Canceled status is not currently supported.")]
        Canceled,
        Terminated,
        Pending,
        Suspended,
    }

    public abstract class DurableTaskClient(string name) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public virtual DurableEntityClient Entities => throw new NotSupportedException($"{GetType()} does not support durable entities.");

        public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation)
            => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);

        public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation)
            => ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);

        public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default)
            => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);

        public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

        public virtual Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellation)
            => WaitForInstanceCompletionAsync(instanceId, false, cancellation);

        public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

        public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
            => GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

        public abstract Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

        public abstract ValueTask DisposeAsync();
    }

    public sealed class OrchestrationMetadata(string name, string instanceId)
    {
        public string Name { get; } = name;

        public string InstanceId { get; } = instanceId;

        public DataConverter? DataConverter { get; init; }

        public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

        public string? SerializedInput { get; init; }

        public string? SerializedOutput { get; init; }

        public TaskFailureDetails? FailureDetails { get; init; }

        public T? ReadOutputAs<T>() => DataConverter is { } converter
            ? converter.Deserialize<T>(SerializedOutput)
            : throw new InvalidOperationException("The ReadOutputAs method can only be used on OrchestrationMetadata objects that are fetched with the option to include output data.");
    }
}

namespace Microsoft.DurableTask.Client.Entities
{
    public abstract class DurableEntityClient(string name)
    {
        public string Name { get; } = name;

        public abstract Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null, CancellationToken cancellation = default);

        public abstract Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, bool includeState = true, CancellationToken cancellation = default);

        public virtual Task<EntityMetadata<T>?> GetEntityAsync<T>(EntityInstanceId id, CancellationToken cancellation)
            => GetEntityAsync<T>(id, includeState: true, cancellation);
    }

    public class EntityMetadata<TState>(EntityInstanceId id)
    {
        private readonly TState? _state;

        public EntityMetadata(EntityInstanceId id, TState? state)
            : this(id)
        {
            IncludesState = state is not null;
            _state = state;
        }

        public EntityInstanceId Id { get; } = id;

        public bool IncludesState { get; }

        /// <summary>As the package's: reading the state of metadata fetched without it (or of a transient entity) throws.</summary>
        public TState State => IncludesState ? _state! : throw new InvalidOperationException("Cannot retrieve state when IncludesState=false");
    }
}
