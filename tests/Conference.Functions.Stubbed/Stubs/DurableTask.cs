// Stand-ins for Microsoft.DurableTask.Abstractions (1.25.0): only the public signatures the
// adapter and its tests use, with the same namespaces, kinds and abstract/virtual shape as the
// package (read from microsoft/durabletask-dotnet). Bodies that would do Durable's work throw.
using System.Text.Json;

namespace Microsoft.DurableTask
{
    public readonly struct TaskName : IEquatable<TaskName>
    {
        public TaskName(string name) => Name = name;

        public string Name { get; }

        public static implicit operator TaskName(string name) => new(name);

        public bool Equals(TaskName other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is TaskName other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name ?? string.Empty);

        public override string ToString() => Name;
    }

    public record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure);

    public class RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        public int MaxNumberOfAttempts { get; } = maxNumberOfAttempts;

        public TimeSpan FirstRetryInterval { get; } = firstRetryInterval;

        public double BackoffCoefficient { get; } = backoffCoefficient;

        public TimeSpan MaxRetryInterval { get; } = maxRetryInterval ?? TimeSpan.FromHours(1);

        public TimeSpan RetryTimeout { get; } = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public record TaskOptions
    {
        public RetryPolicy? RetryPolicy { get; init; }

        public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new() { RetryPolicy = policy };
    }

    public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

    public abstract class TaskOrchestrationContext
    {
        public abstract TaskName Name { get; }

        public abstract string InstanceId { get; }

        public virtual Microsoft.DurableTask.Entities.TaskOrchestrationEntityFeature Entities => throw new NotSupportedException(StandIn.Message);

        public abstract T? GetInput<T>();

        public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) => CallActivityAsync<object>(name, input, options);

        public abstract Task<T> CallActivityAsync<T>(TaskName name, object? input = null, TaskOptions? options = null);
    }

    public abstract class DataConverter
    {
        public abstract string? Serialize(object? value);

        public abstract object? Deserialize(string? data, Type targetType);

        public virtual T? Deserialize<T>(string? data) => (T?)(Deserialize(data, typeof(T)) ?? default(T));
    }
}

namespace Microsoft.DurableTask.Converters
{
    /// <summary>As the package's: System.Text.Json, with fields included by default.</summary>
    public class JsonDataConverter(JsonSerializerOptions? options = null) : DataConverter
    {
        private readonly JsonSerializerOptions _options = options ?? new JsonSerializerOptions { IncludeFields = true };

        public static JsonDataConverter Default { get; } = new();

        public override string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, _options);

        public override object? Deserialize(string? data, Type targetType) => data is null ? null : JsonSerializer.Deserialize(data, targetType, _options);
    }
}

namespace Microsoft.DurableTask.Entities
{
    public readonly record struct EntityInstanceId
    {
        public EntityInstanceId(string name, string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(key);
            if (name.Contains('@'))
            {
                throw new ArgumentException("entity names may not contain `@` characters.", nameof(name));
            }
            Name = name.ToLowerInvariant();
            Key = key;
        }

        public string Name { get; }

        public string Key { get; }

        public override string ToString() => $"@{Name}@{Key}";
    }

    public record SignalEntityOptions
    {
        public DateTimeOffset? SignalTime { get; init; }
    }

    public record CallEntityOptions;

    public interface ITaskEntity
    {
        ValueTask<object?> RunAsync(TaskEntityOperation operation);
    }

    public abstract class TaskEntityOperation
    {
        public abstract string Name { get; }

        public abstract TaskEntityContext Context { get; }

        public abstract TaskEntityState State { get; }

        public abstract bool HasInput { get; }

        public virtual T? GetInput<T>() => (T?)GetInput(typeof(T));

        public abstract object? GetInput(Type inputType);
    }

    public abstract class TaskEntityContext
    {
        public abstract EntityInstanceId Id { get; }

        public virtual void SignalEntity(EntityInstanceId id, string operationName, SignalEntityOptions options) => SignalEntity(id, operationName, null, options);

        public abstract void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null);

        public virtual string ScheduleNewOrchestration(TaskName name, StartOrchestrationOptions options) => ScheduleNewOrchestration(name, null, options);

        public abstract string ScheduleNewOrchestration(TaskName name, object? input = null, StartOrchestrationOptions? options = null);
    }

    public abstract class TaskEntityState
    {
        public abstract bool HasState { get; }

        public virtual T? GetState<T>(T? defaultValue = default) => GetState(typeof(T)) is T typed ? typed : defaultValue;

        public abstract object? GetState(Type type);

        public abstract void SetState(object? state);
    }

    public abstract class TaskOrchestrationEntityFeature
    {
        public abstract Task<TResult> CallEntityAsync<TResult>(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null);

        public abstract Task CallEntityAsync(EntityInstanceId id, string operationName, object? input = null, CallEntityOptions? options = null);

        public abstract Task SignalEntityAsync(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null);
    }

    public sealed class EntityOperationFailedException(EntityInstanceId entityId, string operationName, TaskFailureDetails failureDetails)
        : Exception($"Operation '{operationName}' of entity '{entityId}' failed: {failureDetails.ErrorMessage}")
    {
        public EntityInstanceId EntityId { get; } = entityId;

        public string OperationName { get; } = operationName;

        public TaskFailureDetails FailureDetails { get; } = failureDetails;
    }
}
