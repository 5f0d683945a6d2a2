using System.Collections.Concurrent;
using Conference.Core.Entities;
using Conference.Runtime;

namespace Conference.Tests.Support;

/// <summary>Collects the effects that leave the runtime; can be told to fail or hang to play a broken receiver.</summary>
public sealed class CollectingEffects : IEffectHandler
{
    public ConcurrentQueue<(EntityId Source, Effect Effect)> Delivered { get; } = new();
    public Func<Effect, Task>? Before { get; set; }

    public async Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken)
    {
        if (Before is { } before)
        {
            await before(effect).WaitAsync(cancellationToken);
        }
        Delivered.Enqueue((source, effect));
    }
}
