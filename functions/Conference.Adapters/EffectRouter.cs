using Conference.Core.Entities;
using Conference.Core.Media;

namespace Conference.Adapters;

/// <summary>Takes each effect that leaves an entity to where it belongs. Every destination tolerates a repeat.</summary>
public sealed class EffectRouter(ResourceIndex index, DirectHashIndex directHashes, EventLog events, IMediaHost media) : IEffectHandler
{
    public Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken) => effect switch
    {
        ProjectEffect p => index.UpsertAsync(p.Resource, p.CustomerId, p.ResourceId, p.View, cancellationToken),
        DirectHashEffect d => directHashes.MoveAsync(d.ConferenceId, d.CustomerId, d.OldHash, d.NewHash, cancellationToken),
        PublishEffect e => events.AppendAsync(e.Event, cancellationToken),
        MediaEffect m => media.SendAsync(new MediaCommandEnvelope(m.Id, m.Command), cancellationToken),
        _ => throw new ArgumentException($"No destination for {effect.GetType().Name}.", nameof(effect)),
    };
}
