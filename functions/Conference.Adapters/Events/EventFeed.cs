using System.Collections.Concurrent;
using Conference.Core.Events;

namespace Conference.Adapters.Events;

/// <summary>
/// Live events for the WebSocket subscribers of this process: every event is offered to its
/// customer's subscribers as soon as it is stored. A subscriber gets each event at least once
/// while connected (a repeated effect is offered again, with the same id); nothing is kept for
/// one that is not connected: the durable path is the webhook.
/// </summary>
public sealed class EventFeed
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<object, Action<ConferenceEvent>>> _subscribers = new();

    /// <summary>Calls <paramref name="receive"/> for each of the customer's events until the answer is disposed. It must not block.</summary>
    public IDisposable Subscribe(Guid customerId, Action<ConferenceEvent> receive)
    {
        var token = new object();
        _subscribers.GetOrAdd(customerId, _ => new()).TryAdd(token, receive);
        return new Subscription(() =>
        {
            if (_subscribers.TryGetValue(customerId, out var set))
            {
                set.TryRemove(token, out _);
            }
        });
    }

    public void Publish(IEnumerable<ConferenceEvent> events)
    {
        foreach (var e in events)
        {
            if (_subscribers.TryGetValue(e.CustomerId, out var set))
            {
                foreach (var receive in set.Values)
                {
                    receive(e);
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
