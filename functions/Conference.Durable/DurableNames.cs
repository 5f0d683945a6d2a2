namespace Conference.Durable;

/// <summary>The orchestrations and the activity the entities and the gateway start, by the names both hosts register them under, and the entities' own operation.</summary>
public static class DurableNames
{
    /// <summary>One operation on one entity, waited for: what the gateway starts for a call.</summary>
    public const string CallEntity = "CallEntity";

    /// <summary>The effects of one call, delivered by the call orchestration before it answers.</summary>
    public const string DeliverEffectsActivity = "DeliverEffectsActivity";

    /// <summary>The operation an entity signals itself to deliver its outbox (<see cref="EffectOutbox"/>); no core entity has one of that name.</summary>
    public const string DeliverOutbox = "$DeliverOutbox";

    /// <summary>A timer: one signal to an entity at its time (<see cref="LaterSignals"/>).</summary>
    public const string SignalLater = "SignalLater";
}
