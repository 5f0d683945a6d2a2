namespace Conference.Core.Entities;

/// <summary>
/// How the HTTP handlers (and the media host's reports) reach entities: the local runtime
/// implements it over Azure Table storage, the Functions adapter over Durable's client.
/// </summary>
public interface IEntityGateway
{
    /// <summary>
    /// Runs one operation and returns its result once the new state is stored. A
    /// <see cref="DomainException"/> from the operation comes back as is, with nothing stored.
    /// A repeat of <paramref name="messageId"/> is not run again.
    /// </summary>
    Task<object?> CallAsync(EntityId id, string operation, object? input = null, Guid? messageId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands the entity an operation whose answer nobody waits for (a media host's report): done once
    /// the operation is durably stored, as the message it is (Durable's queue) or as the entity's new
    /// state (the embedded runtime, whose refusals still come back). A repeat of <paramref name="messageId"/> is not run again.
    /// </summary>
    Task SignalAsync(EntityId id, string operation, object? input, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>The stored state, or null when the entity does not exist.</summary>
    Task<TState?> GetStateAsync<TState>(EntityId id, CancellationToken cancellationToken = default) where TState : class;
}

public static class EntityGatewayExtensions
{
    public static async Task<TResult> CallAsync<TResult>(this IEntityGateway gateway, EntityId id, string operation, object? input = null, CancellationToken cancellationToken = default) =>
        (TResult)(await gateway.CallAsync(id, operation, input, null, cancellationToken))!;
}

/// <summary>The entity's store could not be reached: nothing was stored, the caller may try again.</summary>
public sealed class EntityUnavailableException(EntityId id, Exception inner)
    : Exception($"The state of {id} could not be stored.", inner);
