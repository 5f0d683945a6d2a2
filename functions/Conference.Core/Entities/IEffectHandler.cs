
namespace Conference.Core.Entities;

/// <summary>
/// Delivers the effects that leave the entity world: indexes, events, media commands. Called at
/// least once per effect (again after a crash), so a handler must tolerate a repeat of an id.
/// Throwing means "not delivered, try again".
/// </summary>
public interface IEffectHandler
{
    Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken);
}
