namespace Conference.Durable;

/// <summary>The orchestrations and the activity the entities and the gateway start, by the names both hosts register them under.</summary>
public static class DurableNames
{
    /// <summary>One operation on one entity, waited for: what the gateway starts for a call.</summary>
    public const string CallEntity = "CallEntity";

    /// <summary>The effects of one entity operation, delivered: what an entity starts with its stored state.</summary>
    public const string DeliverEffects = "DeliverEffects";

    public const string DeliverEffectsActivity = "DeliverEffectsActivity";

    /// <summary>The operation a delivery orchestration signals its entity when it ends (<see cref="EffectOutbox"/>); no core entity has one of that name.</summary>
    public const string EffectsDelivered = "$EffectsDelivered";

    /// <summary>A timer: one signal to an entity at its time (<see cref="LaterSignals"/>).</summary>
    public const string SignalLater = "SignalLater";
}
