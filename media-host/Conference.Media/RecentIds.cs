namespace Conference.Media;

/// <summary>The last N message ids seen, to drop repeats of a command; oldest forgotten first.</summary>
public sealed class RecentIds(int capacity)
{
    private readonly HashSet<Guid> _set = new(capacity);
    private readonly Queue<Guid> _order = new(capacity);

    /// <summary>True when the id is new (and now remembered).</summary>
    public bool Add(Guid id)
    {
        lock (_set)
        {
            if (!_set.Add(id))
            {
                return false;
            }
            _order.Enqueue(id);
            if (_order.Count > capacity)
            {
                _set.Remove(_order.Dequeue());
            }
            return true;
        }
    }

    public bool Contains(Guid id)
    {
        lock (_set)
        {
            return _set.Contains(id);
        }
    }

    public void Remove(Guid id)
    {
        lock (_set)
        {
            _set.Remove(id);
        }
    }
}
