using System.Text.Json;
using Conference.Core.Events;
using Conference.Core.Json;
using Conference.Core.Media;

namespace Conference.Core.Entities;

/// <summary>
/// What an operation sees of the world: its own id, the time, and a place to leave effects.
/// The same shape as Durable's TaskEntityContext plus the clock, so an operation is a pure
/// function of state, input and time.
/// </summary>
public sealed class EntityContext(EntityId id, DateTimeOffset now, Func<Guid>? newId = null)
{
    private readonly List<Effect> _effects = [];
    private readonly Func<Guid> _newId = newId ?? Guid.NewGuid;

    public EntityId Id { get; } = id;
    public DateTimeOffset Now { get; } = now;
    public IReadOnlyList<Effect> Effects => _effects;

    public Guid NewId() => _newId();

    public void Signal(EntityId target, string operation, object? input = null, DateTimeOffset? at = null) =>
        _effects.Add(new SignalEffect(NewId(), target, operation, input is null ? null : JsonSerializer.SerializeToElement(input, CoreJson.Options), at));

    public void SignalSelf(string operation, object? input, DateTimeOffset at) => Signal(Id, operation, input, at);

    public void Send(MediaCommand command) => _effects.Add(new MediaEffect(NewId(), command));

    public void Publish(ConferenceEvent conferenceEvent) => _effects.Add(new PublishEffect(NewId(), conferenceEvent));

    public void Callback(ConferenceEvent conferenceEvent, Conferences.StatusCallback target) => _effects.Add(new CallbackEffect(NewId(), conferenceEvent, target));

    public void Project(string resource, Guid customerId, Guid resourceId, object view) =>
        _effects.Add(new ProjectEffect(NewId(), resource, customerId, resourceId, JsonSerializer.SerializeToElement(view, view.GetType(), CoreJson.Options), Now));

    public void MoveDirectHash(Guid conferenceId, Guid customerId, string? oldHash, string newHash) =>
        _effects.Add(new DirectHashEffect(NewId(), conferenceId, customerId, oldHash, newHash));

    /// <summary>Drops every effect left so far: an operation that throws leaves none.</summary>
    public void DiscardEffects() => _effects.Clear();
}
