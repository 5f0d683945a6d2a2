namespace Conference.Runtime;

/// <summary>
/// One operation waiting for an entity: from a caller who wants the result (<see cref="Reply"/>),
/// or a signal whose sender is told once it has been handled (<see cref="Handled"/>), so the
/// sender's outbox row can go.
/// </summary>
internal sealed record WorkItem(Guid MessageId, string Operation, object? Input, TaskCompletionSource<object?>? Reply, Action? Handled);

/// <summary>A stored commit's effects on their way out, and the replies that wait for them.</summary>
internal sealed class CommittedRow(Conference.Core.Entities.EntityId source, OutboxRow row, int pending, Action<CommittedRow> onDelivered, bool colocatedStored)
{
    private int _pending = pending;

    /// <summary>Whether the row's colocated effects were stored with it (false after a restart, or when they did not fit in its commit).</summary>
    public bool ColocatedStored { get; } = colocatedStored;

    public Conference.Core.Entities.EntityId Source { get; } = source;
    public OutboxRow Row { get; } = row;
    public List<(TaskCompletionSource<object?> Reply, object? Result)> Replies { get; } = [];

    /// <summary>One effect of the row was delivered (or given up); the last one removes the row.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            onDelivered(this);
        }
    }

    public void Reply()
    {
        foreach (var (reply, result) in Replies)
        {
            reply.TrySetResult(result);
        }
    }
}
