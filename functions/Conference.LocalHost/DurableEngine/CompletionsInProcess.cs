using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Entities;

namespace Conference.LocalHost.DurableEngine;

/// <summary>
/// Orchestrations finished by this process, told to whoever in this process waits for one. The API
/// and the worker share the process locally, so a call answers as soon as its orchestration's
/// completion is stored, without polling the instance table (polling is what Azurite, one Node
/// thread, could not keep up with: every poll is a filtered query over all instances).
/// Finished orchestrations are purged (their instance row and history) once nobody needs them: a
/// timer's a few seconds after it ends, a call's once its waiter has the answer.
/// Azurite answers every table query by scanning the whole table, so without this the task hub's
/// tables grow by a few rows for every call, delivery and health check, and every query slows.
/// </summary>
public sealed class CompletionsInProcess(Func<string, Task> purge, ILogger<CompletionsInProcess> logger)
{
    /// <summary>Long enough for a stray duplicate message to meet the instance still there.</summary>
    private static readonly TimeSpan PurgeDelay = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<OrchestrationState>> _waiting = new();

    /// <summary>Register before the first status read, so a completion in between is not missed.</summary>
    public Task<OrchestrationState> Expect(string instanceId) =>
        _waiting.GetOrAdd(instanceId, _ => new TaskCompletionSource<OrchestrationState>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string instanceId) => _waiting.TryRemove(instanceId, out _);

    internal void Completed(OrchestrationState state)
    {
        if (state.OrchestrationInstance?.InstanceId is not { } id)
        {
            return;
        }
        if (_waiting.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(state);
        }
        if (state.OrchestrationStatus == OrchestrationStatus.Completed && state.Name is Durable.DurableNames.SignalLater)
        {
            PurgeLater(id);
        }
    }

    /// <summary>Purges a completed orchestration a little later; one that failed stays, to be looked at.</summary>
    public void PurgeLater(string instanceId) => _ = PurgeAfterDelayAsync(instanceId);

    private async Task PurgeAfterDelayAsync(string instanceId)
    {
        try
        {
            await Task.Delay(PurgeDelay);
            await purge(instanceId);
        }
        catch (Exception e)
        {
            // Only storage is lost: the instance stays, as it would without purging.
            logger.LogDebug("Purging {Instance} failed: {Error}", instanceId, e.Message);
        }
    }
}

/// <summary>
/// The storage provider as the worker sees it, unchanged except that a stored terminal state is
/// reported to <see cref="CompletionsInProcess"/>. Everything else goes straight through.
/// </summary>
internal sealed class ReportingCompletions(IEntityOrchestrationService inner, CompletionsInProcess completions) : IEntityOrchestrationService
{
    public async Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        await inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            continuedAsNewMessage, orchestrationState);
        if (orchestrationState?.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
        {
            completions.Completed(orchestrationState);
        }
    }

    public EntityBackendProperties? EntityBackendProperties => inner.EntityBackendProperties;
    public EntityBackendQueries? EntityBackendQueries => inner.EntityBackendQueries;
    public Task<TaskOrchestrationWorkItem> LockNextOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task<TaskOrchestrationWorkItem> LockNextEntityWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextEntityWorkItemAsync(receiveTimeout, cancellationToken);
    public Task StartAsync() => inner.StartAsync();
    public Task StopAsync() => inner.StopAsync();
    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
