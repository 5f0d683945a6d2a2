using System.Text.Json;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Conference.Storage;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.Extensions.Logging;

namespace Conference.Runtime;

/// <summary>
/// One entity in memory: its operations run one at a time in arrival order; those queued
/// together are stored by one transaction (state + outbox); the effects then leave in order.
/// Signals and local effects go out on one loop, media commands on another, so a slow media host
/// never holds up the entity's indexes or its callers.
/// </summary>
internal sealed class EntityActivation
{
    private readonly EntityId _id;
    private readonly EntityType _type;
    private readonly EntityRuntime _runtime;
    // Each channel has one reader by construction; they are multi-reader channels only because those can count (see TryRetire).
    private readonly Channel<WorkItem> _inbox = Channel.CreateUnbounded<WorkItem>();
    private readonly Channel<CommittedRow> _local = Channel.CreateUnbounded<CommittedRow>();
    private readonly Channel<(CommittedRow Row, Effect Effect)> _media = Channel.CreateUnbounded<(CommittedRow, Effect)>();
    private readonly Task[] _loops;

    /// <summary>Posted only to wake the loop so it can remove delivered rows.</summary>
    private static readonly WorkItem WakeUp = new(Guid.Empty, "", null, null, null);

    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);

    /// <summary>Guards retirement against posting: nothing is posted to a retired activation.</summary>
    private readonly object _gate = new();
    private bool _retired;
    private int _working;
    private DateTimeOffset _lastUsed;
    private StoredEntity? _stored;

    public EntityActivation(EntityId id, EntityType type, EntityRuntime runtime)
    {
        _id = id;
        _type = type;
        _runtime = runtime;
        _lastUsed = runtime.Time.GetUtcNow();
        _loops = [Task.Run(ProcessAsync), Task.Run(DeliverLocalAsync), Task.Run(DeliverMediaAsync)];
    }

    public bool IsRetired
    {
        get
        {
            lock (_gate)
            {
                return _retired;
            }
        }
    }

    /// <summary>
    /// Retires the activation when it has had nothing to do for <paramref name="idleFor"/>: no
    /// operation queued or running, no effect on its way out, no delivered row left to remove.
    /// Its loops end; the next message for the entity builds a new activation, which reloads.
    /// </summary>
    public bool TryRetire(TimeSpan idleFor)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return true;
            }
            if (_working > 0 || _inbox.Reader.Count > 0 || _local.Reader.Count > 0 || _media.Reader.Count > 0
                || _delivered.Count > 0 || _runtime.Time.GetUtcNow() - _lastUsed < idleFor)
            {
                return false;
            }
            _retired = true;
            _inbox.Writer.TryComplete();
            _local.Writer.TryComplete();
            _media.Writer.TryComplete();
            return true;
        }
    }

    /// <summary>Takes what a channel holds, counted as work in progress so the activation is not retired meanwhile.</summary>
    private bool TakeWork<T>(ChannelReader<T> reader, List<T> into, int most)
    {
        lock (_gate)
        {
            while (into.Count < most && reader.TryRead(out var item))
            {
                into.Add(item);
            }
            if (into.Count > 0)
            {
                _working++;
                _lastUsed = _runtime.Time.GetUtcNow();
            }
            return into.Count > 0;
        }
    }

    private void WorkDone()
    {
        lock (_gate)
        {
            _working--;
            _lastUsed = _runtime.Time.GetUtcNow();
        }
    }

    /// <summary>The state as last stored by this activation, or null when not loaded.</summary>
    public StoredEntity? Stored => Volatile.Read(ref _stored);

    /// <summary>Queues an operation; false when the activation has retired (build a new one).</summary>
    public bool TryPost(WorkItem item)
    {
        lock (_gate)
        {
            _lastUsed = _runtime.Time.GetUtcNow();
            return !_retired && _inbox.Writer.TryWrite(item);
        }
    }

    /// <summary>Effects stored before a restart, delivered again; false when retired.</summary>
    public bool TryRedeliver(OutboxRow row)
    {
        lock (_gate)
        {
            return !_retired && _local.Writer.TryWrite(NewCommittedRow(row, colocatedStored: false));
        }
    }

    /// <summary>On a graceful stop: removes the rows already delivered, so the next start does not deliver them again.</summary>
    public Task RemoveDeliveredAsync() => HasDelivered ? DeleteDeliveredAsync() : Task.CompletedTask;

    public async Task StopAsync()
    {
        lock (_gate)
        {
            _retired = true;
        }
        _inbox.Writer.TryComplete();
        _local.Writer.TryComplete();
        _media.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task ProcessAsync()
    {
        var batch = new List<WorkItem>();
        while (await WaitForWorkAsync())
        {
            batch.Clear();
            if (!TakeWork(_inbox.Reader, batch, _runtime.Options.MaxOperationsPerCommit))
            {
                continue;
            }
            try
            {
                await RunBatchAsync(batch);
            }
            finally
            {
                WorkDone();
            }
        }
    }

    /// <summary>
    /// Waits for the next operation. Delivered outbox rows are removed by the next commit, which
    /// costs nothing extra; when none comes soon they are removed by one transaction of their own.
    /// </summary>
    private async Task<bool> WaitForWorkAsync()
    {
        var next = _inbox.Reader.WaitToReadAsync(_runtime.Stopping).AsTask();
        if (!next.IsCompleted && HasDelivered)
        {
            var linger = _runtime.Options.DeliveredRowsLinger < _runtime.Options.IdleAfter ? _runtime.Options.DeliveredRowsLinger : _runtime.Options.IdleAfter;
            // The wait's own token, cancelled when work comes first: thousands of waits a second must not leave their timers running.
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(_runtime.Stopping);
            var lingered = Task.Delay(linger, waiting.Token);
            if (await Task.WhenAny(next, lingered) != next)
            {
                await DeleteDeliveredAsync();
            }
            else
            {
                await waiting.CancelAsync();
            }
        }
        return await next;
    }

    private async Task DeleteDeliveredAsync()
    {
        var rows = TakeDelivered(int.MaxValue);
        try
        {
            await _runtime.Store.DeleteOutboxAsync(_id, rows, _runtime.Stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rows stay and are delivered again after a restart; receivers drop the repeat.
            _runtime.Logger.LogWarning(e, "Removing {Count} delivered outbox rows of {Entity} failed.", rows.Count, _id);
        }
    }

    /// <summary>An outbox or timer row of this entity whose effects have all been delivered; false when retired.</summary>
    public bool TryDelivered(string rowKey)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }
            lock (_delivered)
            {
                _delivered.Add(rowKey);
            }
            return _inbox.Writer.TryWrite(WakeUp);
        }
    }

    private bool HasDelivered
    {
        get
        {
            lock (_delivered)
            {
                return _delivered.Count > 0;
            }
        }
    }

    private List<string> TakeDelivered(int most)
    {
        lock (_delivered)
        {
            var rows = _delivered.Take(most).ToList();
            _delivered.ExceptWith(rows);
            return rows;
        }
    }

    private void ReturnDelivered(List<string> rows)
    {
        lock (_delivered)
        {
            _delivered.UnionWith(rows);
        }
    }

    private async Task RunBatchAsync(List<WorkItem> batch)
    {
        batch.RemoveAll(item => ReferenceEquals(item, WakeUp));
        if (batch.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // An entity not in memory whose first operation creates it is first taken to be new:
                // a create with a fresh id then costs no read. If it exists after all, its state row
                // does too, the first write fails with 409 and the next attempt loads it.
                _stored ??= attempt == 1 && _type.IsCreation(batch[0].Operation) ? StoredEntity.New : await _runtime.Store.LoadAsync(_id, _runtime.Stopping);
                var outcome = Execute(_stored, batch);
                if (outcome.Changed)
                {
                    var immediate = outcome.Immediate.Count > 0 ? new OutboxRow(EntityStore.ImmediateKey(outcome.After.OutboxSeq - outcome.Timers.Count), outcome.Immediate) : null;
                    var ownRows = 1 + (immediate is null ? 0 : 1) + outcome.Timers.Count;
                    var colocated = ColocatedRows(outcome.Immediate);
                    var colocatedStored = true;
                    if (ownRows + colocated.Count > EntityGroupTransaction.MaxActions)
                    {
                        if (batch.Count > 1)
                        {
                            // One transaction cannot hold them all: store the operations in halves.
                            await RunInHalvesAsync(batch);
                            return;
                        }
                        // One operation alone makes too many: its rows are written before its effects leave.
                        colocated = [];
                        colocatedStored = false;
                    }
                    var deliveredRows = TakeDelivered(EntityGroupTransaction.MaxActions - ownRows - colocated.Count);
                    ETag etag;
                    try
                    {
                        etag = await _runtime.Store.CommitAsync(_id, _stored, outcome.After, immediate, outcome.Timers, colocated, deliveredRows, _runtime.Stopping);
                    }
                    catch (RequestFailedException e) when (e.Status == 404 && deliveredRows.Count > 0)
                    {
                        // A delivered row was already removed (by a repeat); commit without removals.
                        etag = await _runtime.Store.CommitAsync(_id, _stored, outcome.After, immediate, outcome.Timers, colocated, [], _runtime.Stopping);
                    }
                    catch
                    {
                        ReturnDelivered(deliveredRows);
                        throw;
                    }
                    Volatile.Write(ref _stored, outcome.After with { ETag = etag });
                    _runtime.CountCommit(batch.Count);
                    Publish(immediate, outcome, colocatedStored);
                }
                else
                {
                    Finish(outcome, committedRow: null);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < _runtime.Options.MaxCommitAttempts)
            {
                // Another writer changed this entity: start again from what it stored, after a
                // random pause so two writers do not keep colliding.
                _stored = null;
                await Task.Delay(Random.Shared.Next(1, 4 * attempt), _runtime.Stopping);
            }
            catch (RequestFailedException e) when (IsTooLarge(e) && batch.Count > 1)
            {
                // More than one transaction holds (Table storage takes 4 MiB a batch, 1 MiB a row):
                // store the operations in halves; retrying the same batch would fail forever.
                await RunInHalvesAsync(batch);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !_runtime.Stopping.IsCancellationRequested)
            {
                _stored = null;
                _runtime.Logger.LogError(e, "Storing {Entity} failed; {Count} operations were not stored.", _id, batch.Count);
                foreach (var item in batch)
                {
                    if (item.Reply is { } reply)
                    {
                        reply.TrySetException(new EntityUnavailableException(_id, e));
                    }
                    else
                    {
                        _runtime.RetryLater(_id, item);
                    }
                }
                return;
            }
        }
    }

    private async Task RunInHalvesAsync(List<WorkItem> batch)
    {
        _stored = null;
        var half = batch.Count / 2;
        await RunBatchAsync(batch.GetRange(0, half));
        await RunBatchAsync(batch.GetRange(half, batch.Count - half));
    }

    private List<TableEntity> ColocatedRows(IEnumerable<Effect> effects) =>
        _runtime.Colocated is { } colocated ? effects.Select(e => colocated.RowOf(_id, e)).OfType<TableEntity>().ToList() : [];

    private static bool IsTooLarge(RequestFailedException e) => e.Status == 413 || e.ErrorCode is "EntityTooLarge" or "RequestBodyTooLarge";

    private sealed record Outcome(StoredEntity After, bool Changed, List<Effect> Immediate, List<OutboxRow> Timers, List<(WorkItem Item, object? Result, Exception? Error)> Results);

    /// <summary>Runs the batch on the stored state; an operation that throws leaves neither state nor effects.</summary>
    private Outcome Execute(StoredEntity stored, List<WorkItem> batch)
    {
        var instance = _type.Create();
        var lastGood = stored.StateJson;
        instance.State = Deserialize(lastGood);
        var recent = new RecentMessages(stored.RecentMessageIds);
        var inBatch = new HashSet<Guid>();
        var immediate = new List<Effect>();
        var timers = new List<Effect>();
        var results = new List<(WorkItem, object?, Exception?)>(batch.Count);
        var changed = false;
        foreach (var item in batch)
        {
            if (recent.Contains(item.MessageId) || !inBatch.Add(item.MessageId))
            {
                results.Add((item, null, null));
                continue;
            }
            var now = _runtime.Time.GetUtcNow();
            var context = new EntityContext(_id, now);
            instance.Context = context;
            try
            {
                var result = _type.Invoke(instance, item.Operation, item.Input);
                var json = instance.State is null ? null : JsonSerializer.Serialize(instance.State, _type.StateType, CoreJson.Options);
                if (context.Effects.Count == 0 && json == lastGood)
                {
                    // Nothing changed and nothing leaves (an idle timer, a repeat report): nothing to store.
                    results.Add((item, result, null));
                    continue;
                }
                lastGood = json;
                foreach (var effect in context.Effects)
                {
                    (effect is SignalEffect { At: { } at } && at > now ? timers : immediate).Add(effect);
                }
                results.Add((item, result, null));
                recent.Remember(item.MessageId);
                changed = true;
            }
            catch (Exception e)
            {
                // A refused operation stores nothing, not even its message id: run again, it is refused again.
                instance.State = Deserialize(lastGood);
                results.Add((item, null, e));
                if (e is not DomainException)
                {
                    _runtime.Logger.LogError(e, "Operation {Operation} on {Entity} failed.", item.Operation, _id);
                }
            }
        }
        var seq = stored.OutboxSeq;
        if (immediate.Count > 0)
        {
            seq++;
        }
        var timerRows = timers.Select(t => new OutboxRow(EntityStore.TimerKey(++seq), [t])).ToList();
        return new Outcome(new StoredEntity(lastGood, stored.ETag, recent.ToList(), seq), changed, immediate, timerRows, results);
    }

    private object? Deserialize(string? json) => json is null ? null : JsonSerializer.Deserialize(json, _type.StateType, CoreJson.Options);

    private void Publish(OutboxRow? immediate, Outcome outcome, bool colocatedStored)
    {
        foreach (var timer in outcome.Timers)
        {
            _runtime.Schedule(_id, timer);
        }
        CommittedRow? row = immediate is null ? null : NewCommittedRow(immediate, colocatedStored);
        Finish(outcome, row);
        if (row is not null)
        {
            Dispatch(row);
        }
    }

    /// <summary>Answers callers (errors at once, results once the row's local effects are out) and tells senders their signals were handled.</summary>
    private static void Finish(Outcome outcome, CommittedRow? committedRow)
    {
        foreach (var (item, result, error) in outcome.Results)
        {
            if (item.Reply is { } reply)
            {
                if (error is not null)
                {
                    reply.TrySetException(error);
                }
                else if (committedRow is not null)
                {
                    committedRow.Replies.Add((reply, result));
                }
                else
                {
                    reply.TrySetResult(result);
                }
            }
            item.Handled?.Invoke();
        }
    }

    private CommittedRow NewCommittedRow(OutboxRow row, bool colocatedStored) =>
        new(_id, row, row.Effects.Count + 1, r => _runtime.Delivered(r), colocatedStored);

    // Written only while a batch counts as work, so the activation cannot have retired.
    private void Dispatch(CommittedRow row) => _local.Writer.TryWrite(row);

    /// <summary>
    /// One round takes every committed row waiting: signals are posted and media commands queued
    /// in order; the local effects of all the rows go to the handler together, so they can be
    /// written side by side; then the callers waiting on those rows hear back.
    /// </summary>
    private async Task DeliverLocalAsync()
    {
        var rows = new List<CommittedRow>();
        var local = new List<Effect>();
        while (await _local.Reader.WaitToReadAsync(_runtime.Stopping))
        {
            rows.Clear();
            local.Clear();
            if (!TakeWork(_local.Reader, rows, int.MaxValue))
            {
                continue;
            }
            var releases = new List<CommittedRow>();
            for (var index = 0; index < rows.Count; index++)
            {
                var row = rows[index];
                for (var position = 0; position < row.Row.Effects.Count; position++)
                {
                    switch (row.Row.Effects[position])
                    {
                        case SignalEffect signal:
                            _runtime.Post(signal.Target, new WorkItem(signal.Id, signal.Operation, signal.Input, null, row.Release));
                            break;
                        case MediaEffect media:
                            _media.Writer.TryWrite((row, media));
                            break;
                        case ProjectEffect project when IsSuperseded(project, rows, index, position):
                            // A later view of the same resource is written in this round: this one would be overwritten at once.
                            row.Release();
                            break;
                        case var effect:
                            local.Add(effect);
                            releases.Add(row);
                            break;
                    }
                }
            }
            var unstored = ColocatedRows(rows.Where(r => !r.ColocatedStored).SelectMany(r => r.Row.Effects));
            if (unstored.Count > 0)
            {
                await _runtime.StoreColocatedUntilDoneAsync(_id, unstored);
            }
            if (local.Count > 0)
            {
                await _runtime.DeliverUntilDoneAsync(_id, local);
            }
            foreach (var row in releases)
            {
                row.Release();
            }
            foreach (var row in rows)
            {
                row.Reply();
                row.Release();
            }
            WorkDone();
        }
    }

    /// <summary>Whether a later projection of the same resource waits in this delivery round.</summary>
    private static bool IsSuperseded(ProjectEffect project, List<CommittedRow> rows, int rowIndex, int position)
    {
        for (var r = rowIndex; r < rows.Count; r++)
        {
            var effects = rows[r].Row.Effects;
            for (var e = r == rowIndex ? position + 1 : 0; e < effects.Count; e++)
            {
                if (effects[e] is ProjectEffect later && later.Of == project.Of)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private async Task DeliverMediaAsync()
    {
        var commands = new List<(CommittedRow Row, Effect Effect)>();
        while (await _media.Reader.WaitToReadAsync(_runtime.Stopping))
        {
            commands.Clear();
            if (!TakeWork(_media.Reader, commands, int.MaxValue))
            {
                continue;
            }
            foreach (var (row, effect) in commands)
            {
                await _runtime.DeliverMediaAsync(_id, effect);
                row.Release();
            }
            WorkDone();
        }
    }
}
