using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;

namespace Conference.Durable;

/// <summary>
/// What a Durable entity operation receives: its input as the project's JSON and the id of the
/// message (a signal's effect id, a media report's id), so that one delivered again is not applied
/// twice, as in the local runtime. It travels as JSON text, so Durable's own converter never
/// reshapes the core's JSON. <paramref name="CallerDelivers"/>: the caller is the call orchestration,
/// which delivers the operation's effects itself before it answers (<see cref="EntityAnswer"/>).
/// </summary>
public sealed record EntityMessage(JsonElement? Input, Guid? MessageId, bool CallerDelivers = false)
{
    public string ToJson() => JsonSerializer.Serialize(this, CoreJson.Options);

    public static EntityMessage FromJson(string? json) =>
        json is { Length: > 0 } ? JsonSerializer.Deserialize<EntityMessage>(json, CoreJson.Options)! : new EntityMessage(null, null);
}

/// <summary>
/// What Durable stores of an entity: the core entity's state as the project's JSON (null before it
/// is created) and the <see cref="RecentMessages"/> it has applied, as the local runtime's state row
/// holds them; and its <see cref="EffectOutbox"/>: the effects waiting to be delivered (the first
/// numbered <paramref name="OutboxStart"/>, counted from the entity's first), whether a delivery is
/// asked for, and how many in a row have failed. Stored as <see cref="CompactJson"/>: a busy entity's outbox is large.
/// </summary>
public sealed record DurableEntityRecord(JsonElement? State, IReadOnlyList<Guid> Recent, IReadOnlyList<JsonElement>? Outbox = null,
    long OutboxStart = 0, bool DeliveryAsked = false, int FailedDeliveries = 0)
{
    public static readonly DurableEntityRecord Empty = new(null, []);

    /// <summary>Nothing to keep: no state, no message to remember, nothing to deliver.</summary>
    public bool IsEmpty => State is null && Recent.Count == 0 && Outbox is not { Count: > 0 } && !DeliveryAsked;

    public string ToJson() => CompactJson.Pack(JsonSerializer.Serialize(this, CoreJson.Options));

    public static DurableEntityRecord FromJson(string? json) =>
        json is { Length: > 0 } ? JsonSerializer.Deserialize<DurableEntityRecord>(CompactJson.Unpack(json), CoreJson.Options)! : Empty;
}

/// <summary>What an entity answers a call orchestration: the result, and the effects it is to deliver before it answers in turn.</summary>
public sealed record EntityAnswer(string? ResultJson, string? EffectsJson)
{
    public string ToJson() => JsonSerializer.Serialize(this, CoreJson.Options);

    public static EntityAnswer FromJson(string? json) =>
        json is { Length: > 0 } ? JsonSerializer.Deserialize<EntityAnswer>(json, CoreJson.Options)! : new EntityAnswer(null, null);
}
