namespace Conference.Core.Entities;

/// <summary>
/// Base of the core's entities, shaped like Durable's TaskEntity&lt;TState&gt;: public instance
/// methods are the operations (one input at most), the state is a plain serializable class and
/// is null until the entity is created (setting it to null deletes the entity).
/// </summary>
public abstract class Entity<TState> where TState : class
{
    public TState? State { get; set; }

    public EntityContext Context { get; set; } = null!;

    protected DateTime Now => Context.Now.UtcDateTime.TruncateToMicroseconds();
}
