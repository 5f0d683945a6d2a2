namespace Conference.Core.Entities;

/// <summary>
/// The ids of the last <see cref="Capacity"/> messages that changed an entity, kept with its state
/// so that a message delivered again (a retried report, a re-sent request) is not applied twice.
/// A refused or idle message is not remembered: run again, it is refused or idle again. Both the
/// local runtime and the Durable adapter store it beside the entity's state.
/// </summary>
public sealed class RecentMessages
{
    public const int Capacity = 512;

    private readonly Queue<Guid> _order = new();
    private readonly HashSet<Guid> _ids = [];

    public RecentMessages(IEnumerable<Guid>? ids = null)
    {
        foreach (var id in ids ?? [])
        {
            Remember(id);
        }
    }

    public bool Contains(Guid id) => _ids.Contains(id);

    /// <summary>Keeps <paramref name="id"/>, forgetting the oldest beyond <see cref="Capacity"/>.</summary>
    public void Remember(Guid id)
    {
        if (!_ids.Add(id))
        {
            return;
        }
        _order.Enqueue(id);
        if (_order.Count > Capacity)
        {
            _ids.Remove(_order.Dequeue());
        }
    }

    /// <summary>Oldest first, as stored.</summary>
    public IReadOnlyList<Guid> ToList() => [.. _order];
}
