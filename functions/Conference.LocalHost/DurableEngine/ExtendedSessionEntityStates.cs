using DurableTask.Core;
using DurableTask.Core.Entities.OperationFormat;
using DurableTask.Core.Middleware;
using Microsoft.Extensions.Caching.Memory;

namespace Conference.LocalHost.DurableEngine;

/// <summary>
/// An entity's state kept in memory between the batches of one extended session, as the Functions
/// isolated worker keeps it in Azure. With extended sessions on, the framework hands the state over
/// only on a session's first batch (<see cref="WorkItemMetadata.IncludeState"/>) and expects whoever
/// runs the entity to hold it from then on; it still stores every batch's new state as usual. This
/// saves a history read per batch. The entry outlives the session's idle timeout, so it is there for
/// every later batch of the session; a batch that finds none fails rather than run on no state.
/// </summary>
internal sealed class ExtendedSessionEntityStates(TimeSpan sessionIdleTimeout)
{
    private readonly MemoryCache _states = new(new MemoryCacheOptions());
    private readonly MemoryCacheEntryOptions _keep = new() { SlidingExpiration = sessionIdleTimeout + TimeSpan.FromMinutes(1) };

    public async Task RunAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        var request = context.GetProperty<EntityBatchRequest>();
        var metadata = context.GetProperty<WorkItemMetadata>();
        var id = request.InstanceId!;
        if (metadata is { IncludeState: false })
        {
            request.EntityState = _states.TryGetValue(id, out Held? held)
                ? held!.State
                : throw new InvalidOperationException($"Entity {id}: a batch of an extended session came after its state was forgotten.");
        }
        await next();
        var result = context.GetProperty<EntityBatchResult>();
        if (metadata is { IsExtendedSession: true } && result is not null)
        {
            _states.Set(id, new Held(result.EntityState), _keep);
        }
        else
        {
            _states.Remove(id);
        }
    }

    /// <summary>A state as held, null (no entity) included.</summary>
    private sealed record Held(string? State);
}
