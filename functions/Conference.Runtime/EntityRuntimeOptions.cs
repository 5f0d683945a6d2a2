namespace Conference.Runtime;

public sealed class EntityRuntimeOptions
{
    /// <summary>How many queued operations of one entity are stored by one commit.</summary>
    public int MaxOperationsPerCommit { get; set; } = 64;

    /// <summary>How often a commit that lost to a concurrent writer is retried after reloading.</summary>
    public int MaxCommitAttempts { get; set; } = 30;

    /// <summary>How often a media command is tried before it is given up (the entity's own timers cover a lost one).</summary>
    public int MediaAttempts { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>An entity with nothing to do for this long leaves memory; its state stays stored.</summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long delivered outbox and timer rows wait for the entity's next commit, which removes them
    /// at no cost, before a transaction of their own removes them. Longer than the room check (10 s),
    /// so a new conference's last rows go with its room check's in one request. Never longer than
    /// <see cref="IdleAfter"/>: an entity leaves memory with nothing left to remove.
    /// </summary>
    public TimeSpan DeliveredRowsLinger { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often idle entities are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
