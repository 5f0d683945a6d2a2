namespace Conference.Core.Entities;

/// <summary>
/// Delivers the effects that leave the entity world: indexes, events, media commands. Called at
/// least once per effect (again after a crash), so a handler must tolerate a repeat of an id.
/// Throwing means "not delivered, try again".
/// </summary>
public interface IEffectHandler
{
    Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers several effects of one entity, in any order the handler finds fastest as long as
    /// effects that depend on their order keep it. By default, one after another.
    /// </summary>
    async Task DeliverAllAsync(EntityId source, IReadOnlyList<Effect> effects, CancellationToken cancellationToken)
    {
        foreach (var effect in effects)
        {
            await DeliverAsync(source, effect, cancellationToken);
        }
    }
}
