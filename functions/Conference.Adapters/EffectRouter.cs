using Conference.Adapters.Accounts;
using Conference.Adapters.Events;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;

namespace Conference.Adapters;

/// <summary>
/// What the engine already does: store a conference's events with its state (the local engine), or not
/// (Durable: they are stored here); deliver each entity's views in the order it made them (the local
/// engine), or possibly side by side (Durable: a call's own delivery and the entity's outbox), so a
/// view is written only over an older one.
/// </summary>
public sealed record EffectRouterOptions(bool EventsStoredWithState = false, bool ViewsDeliveredInOrder = false);

/// <summary>Takes each effect that leaves an entity to where it belongs. Every destination tolerates a repeat.</summary>
public sealed class EffectRouter(ResourceIndex index, DirectHashIndex directHashes, EventLog events, WebhookQueue webhooks, CustomerStore customers, EventFeed feed,
    IMediaHost media, TimeProvider time, EffectRouterOptions options) : IEffectHandler
{
    public Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken) => effect switch
    {
        ProjectEffect p => ProjectAsync(p, cancellationToken),
        DirectHashEffect d => directHashes.MoveAsync(d.ConferenceId, d.CustomerId, d.OldHash, d.NewHash, cancellationToken),
        PublishEffect e => PublishAsync([e.Event], cancellationToken),
        MediaEffect m => media.SendAsync(new MediaCommandEnvelope(m.Id, m.Command), cancellationToken),
        CallbackEffect c => webhooks.EnqueueCallbacksAsync([(c.Event, c.Target)], time.GetUtcNow().UtcDateTime, cancellationToken),
        _ => throw new ArgumentException($"No destination for {effect.GetType().Name}.", nameof(effect)),
    };

    /// <summary>
    /// Views are written side by side (each names its own row; of one resource only the last), status callbacks as one queue transaction, a conference's events as one
    /// transaction per table (their keys are their sequence numbers, so order does not matter), and moves of
    /// the direct hash in order (a later move must not be undone by an earlier one).
    /// </summary>
    public async Task DeliverAllAsync(EntityId source, IReadOnlyList<Effect> effects, CancellationToken cancellationToken)
    {
        var views = ProjectEffect.LatestOfEach(effects).Select(p => ProjectAsync(p, cancellationToken));
        var published = effects.OfType<PublishEffect>().GroupBy(e => e.Event.ConferenceId)
            .Select(conference => PublishAsync(conference.Select(e => e.Event).ToList(), cancellationToken));
        var callbacks = effects.OfType<CallbackEffect>().Select(c => (c.Event, c.Target)).ToList();
        var queued = callbacks.Count > 0 ? webhooks.EnqueueCallbacksAsync(callbacks, time.GetUtcNow().UtcDateTime, cancellationToken) : Task.CompletedTask;
        await Task.WhenAll(views.Concat(published).Append(queued).Append(MoveDirectHashesAsync(effects, cancellationToken))
            .Concat(effects.Where(e => e is not (ProjectEffect or PublishEffect or DirectHashEffect or CallbackEffect)).Select(e => DeliverAsync(source, e, cancellationToken))));
    }

    private Task ProjectAsync(ProjectEffect p, CancellationToken cancellationToken) =>
        index.UpsertAsync(p.Resource, p.CustomerId, p.ResourceId, p.View, cancellationToken, options.ViewsDeliveredInOrder ? null : p.At);

    /// <summary>
    /// One conference's events: stored in the event log (unless the runtime stored them with the
    /// conference's state), queued for the customer's webhook (when it
    /// has one: the dispatcher would only drop them, at the cost of a write and a delete each), then
    /// offered to live subscribers. A repeat (the runtime retries an effect until it is delivered)
    /// overwrites the same rows, so the events keep their ids and sequence numbers.
    /// </summary>
    private async Task PublishAsync(IReadOnlyList<ConferenceEvent> conferenceEvents, CancellationToken cancellationToken)
    {
        // A controlled call's events go to the webhook only: the log and the live feed are the conferences'.
        var calls = EventTypes.IsCallEvent(conferenceEvents[0].Type);
        if (!options.EventsStoredWithState && !calls)
        {
            await events.AppendAllAsync(conferenceEvents, cancellationToken);
        }
        if (await customers.GetCachedAsync(conferenceEvents[0].CustomerId, cancellationToken) is { IsActive: true, WebhookUri.Length: > 0 })
        {
            await webhooks.EnqueueAllAsync(conferenceEvents, time.GetUtcNow().UtcDateTime, cancellationToken);
        }
        if (!calls)
        {
            feed.Publish(conferenceEvents);
        }
    }

    private async Task MoveDirectHashesAsync(IReadOnlyList<Effect> effects, CancellationToken cancellationToken)
    {
        foreach (var move in effects.OfType<DirectHashEffect>())
        {
            await directHashes.MoveAsync(move.ConferenceId, move.CustomerId, move.OldHash, move.NewHash, cancellationToken);
        }
    }
}
