using System.Collections.Concurrent;
using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Runtime;

/// <summary>
/// Runs the core's entities on one machine against Azure Table storage, with Durable's
/// guarantees: one operation at a time per entity, state stored before anyone hears of it,
/// effects delivered at least once after the state is stored, signals de-duplicated by id,
/// scheduled signals stored and fired after a restart.
/// </summary>
public sealed class EntityRuntime : IEntityGateway, IAsyncDisposable
{
    private readonly ConcurrentDictionary<EntityId, Lazy<EntityActivation>> _activations = new();
    private readonly EntityRegistry _registry;
    private readonly IEffectHandler _effects;
    private readonly TimerQueue _timers;
    private readonly CancellationTokenSource _stopping = new();
    private long _operations;
    private long _commits;
    private int _disposed;
    private readonly Task _sweeper;

    public EntityRuntime(Azure.Data.Tables.TableServiceClient tables, IEffectHandler effects, EntityRegistry? registry = null, TimeProvider? time = null,
        EntityRuntimeOptions? options = null, ILogger<EntityRuntime>? logger = null, string table = EntityStore.DefaultTable, IColocatedEffects? colocated = null)
    {
        Store = new EntityStore(tables, table);
        _effects = effects;
        Colocated = colocated;
        _registry = registry ?? EntityRegistry.Default();
        Time = time ?? TimeProvider.System;
        Options = options ?? new EntityRuntimeOptions();
        Logger = logger ?? NullLogger<EntityRuntime>.Instance;
        _timers = new TimerQueue(Time);
        _sweeper = Task.Run(SweepAsync);
    }

    internal EntityStore Store { get; }
    internal IColocatedEffects? Colocated { get; }
    internal TimeProvider Time { get; }
    internal EntityRuntimeOptions Options { get; }
    internal ILogger Logger { get; }
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Operations run and commits made since start: for benchmarks and health.</summary>
    public (long Operations, long Commits) Counters => (Interlocked.Read(ref _operations), Interlocked.Read(ref _commits));

    /// <summary>Timers waiting in memory.</summary>
    public int PendingTimers => _timers.Count;

    /// <summary>Creates the table and takes up every effect and timer stored before the last stop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Store.EnsureAsync(cancellationToken);
        await foreach (var (source, row) in Store.ScanOutboxAsync(cancellationToken))
        {
            if (row.IsTimer)
            {
                Schedule(source, row);
            }
            else
            {
                while (!Stopping.IsCancellationRequested && !Activate(source).TryRedeliver(row))
                {
                    Forget(source);
                }
            }
        }
    }

    public Task<object?> CallAsync(EntityId id, string operation, object? input = null, Guid? messageId = null, CancellationToken cancellationToken = default)
    {
        var reply = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(id, new WorkItem(messageId ?? Guid.NewGuid(), operation, input, reply, null));
        return reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The embedded runtime has no queue of its own: a signal is stored when the entity has stored it, as a call is.</summary>
    public Task SignalAsync(EntityId id, string operation, object? input, Guid messageId, CancellationToken cancellationToken = default) =>
        CallAsync(id, operation, input, messageId, cancellationToken);

    public async Task<TState?> GetStateAsync<TState>(EntityId id, CancellationToken cancellationToken = default) where TState : class
    {
        var stored = _activations.TryGetValue(id, out var activation) && activation.Value.Stored is { } loaded
            ? loaded
            : await Store.LoadAsync(id, cancellationToken);
        return stored.StateJson is null ? null : JsonSerializer.Deserialize<TState>(stored.StateJson, CoreJson.Options);
    }

    internal void Post(EntityId target, WorkItem item)
    {
        while (!Activate(target).TryPost(item))
        {
            if (Stopping.IsCancellationRequested)
            {
                // Stopping: a caller hears so; a signal stays in its sender's outbox for the next start.
                item.Reply?.TrySetException(new EntityUnavailableException(target, new OperationCanceledException("The runtime is stopping.")));
                return;
            }
            Forget(target);
        }
    }

    internal void Schedule(EntityId source, OutboxRow timer)
    {
        var signal = (SignalEffect)timer.Effects[0];
        _timers.Add(signal.At ?? Time.GetUtcNow(), () =>
            Post(signal.Target, new WorkItem(signal.Id, signal.Operation, signal.Input, null, () => Delivered(source, timer.RowKey))));
    }

    internal void RetryLater(EntityId target, WorkItem item) =>
        _timers.Add(Time.GetUtcNow() + Options.RetryDelay * 5, () => Post(target, item));

    internal void Delivered(CommittedRow row) => Delivered(row.Source, row.Row.RowKey);

    private void Delivered(EntityId source, string rowKey)
    {
        // When stopping, the row stays and is delivered again after the next start; receivers drop the repeat.
        while (!Stopping.IsCancellationRequested && !Activate(source).TryDelivered(rowKey))
        {
            Forget(source);
        }
    }

    /// <summary>Drops a retired activation, so the next message builds a new one.</summary>
    private void Forget(EntityId id)
    {
        if (_activations.TryGetValue(id, out var lazy) && lazy.Value.IsRetired)
        {
            _activations.TryRemove(new KeyValuePair<EntityId, Lazy<EntityActivation>>(id, lazy));
        }
    }

    /// <summary>Entities held in memory now.</summary>
    public int ActiveEntities => _activations.Count;

    private async Task SweepAsync()
    {
        using var timer = new PeriodicTimer(Options.SweepInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(Stopping))
            {
                foreach (var (id, lazy) in _activations)
                {
                    if (lazy.IsValueCreated && lazy.Value.TryRetire(Options.IdleAfter))
                    {
                        _activations.TryRemove(new KeyValuePair<EntityId, Lazy<EntityActivation>>(id, lazy));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    internal void CountCommit(int operations)
    {
        Interlocked.Add(ref _operations, operations);
        Interlocked.Increment(ref _commits);
    }

    /// <summary>Local effects (indexes, events) are retried until they land: they are the project's own storage.</summary>
    internal Task DeliverUntilDoneAsync(EntityId source, IReadOnlyList<Effect> effects) =>
        UntilDoneAsync(() => _effects.DeliverAllAsync(source, effects, Stopping), $"Delivering {effects.Count} effects of {source}");

    /// <summary>Colocated rows that could not be written with their commit (or stored before a restart), written before their effects leave.</summary>
    internal Task StoreColocatedUntilDoneAsync(EntityId source, IReadOnlyList<Azure.Data.Tables.TableEntity> rows) =>
        UntilDoneAsync(() => Store.UpsertAsync(rows, Stopping), $"Storing {rows.Count} rows beside {source}");

    private async Task UntilDoneAsync(Func<Task> action, string what)
    {
        var delay = Options.RetryDelay;
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e) when (!Stopping.IsCancellationRequested)
            {
                Logger.LogWarning(e, "{What} failed; trying again in {Delay}.", what, delay);
                await Task.Delay(delay, Stopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>A media command is tried a few times, then given up: the entity's timers (room check, health check) handle a media host that is gone.</summary>
    internal async Task DeliverMediaAsync(EntityId source, Effect effect)
    {
        var delay = Options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _effects.DeliverAsync(source, effect, Stopping);
                return;
            }
            catch (Exception e) when (!Stopping.IsCancellationRequested)
            {
                if (attempt >= Options.MediaAttempts)
                {
                    Logger.LogWarning("Media command {Command} of {Entity} given up after {Attempts} attempts: {Error}",
                        ((MediaEffect)effect).Command.GetType().Name, source, attempt, e.Message);
                    return;
                }
                await Task.Delay(delay, Stopping);
                delay *= 2;
            }
        }
    }

    // Lazy, because GetOrAdd may build twice under a race and an activation starts its loops when built.
    private EntityActivation Activate(EntityId id) =>
        _activations.GetOrAdd(id, key => new Lazy<EntityActivation>(() => new EntityActivation(key, _registry.Get(key.Name), this))).Value;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            await Task.WhenAll(_activations.Values.Select(a => a.Value.RemoveDeliveredAsync())).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // What is left is delivered again after the next start, and receivers drop the repeat.
        }
        await _stopping.CancelAsync();
        await Task.WhenAll(_activations.Values.Select(a => a.Value.StopAsync()));
        await _sweeper;
        await _timers.DisposeAsync();
        _stopping.Dispose();
    }
}
