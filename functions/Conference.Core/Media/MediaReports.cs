using System.Text.Json.Serialization;

namespace Conference.Core.Media;

/// <summary>
/// What the media host tells the control plane. Each report carries a message id; the entity it
/// reaches drops a repeat, so the media host may retry freely.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RoomReady), "room_ready")]
[JsonDerivedType(typeof(LegJoined), "leg_joined")]
[JsonDerivedType(typeof(LegLeft), "leg_left")]
[JsonDerivedType(typeof(LegLiveness), "leg_liveness")]
[JsonDerivedType(typeof(CallStatusReport), "call_status")]
[JsonDerivedType(typeof(Talking), "talking")]
[JsonDerivedType(typeof(FloorChanged), "floor_changed")]
[JsonDerivedType(typeof(RecordingSaved), "recording_saved")]
[JsonDerivedType(typeof(TranscriptSegment), "transcript")]
public abstract record MediaReport(Guid MessageId)
{
    /// <summary>The room, leg or call the report is about: reports about one subject must arrive in order, reports about different ones need not.</summary>
    [JsonIgnore]
    public abstract Guid Subject { get; }
}

public sealed record RoomReady(Guid MessageId, Guid RoomId) : MediaReport(MessageId)
{
    public override Guid Subject => RoomId;
}

public sealed record LegJoined(Guid MessageId, Guid LegId) : MediaReport(MessageId)
{
    public override Guid Subject => LegId;
}

/// <summary>The leg left the bridge; <see cref="Reason"/> is <c>hangup</c>, <c>kicked</c> or the media host's own.</summary>
public sealed record LegLeft(Guid MessageId, Guid LegId, string Reason, bool CallUp) : MediaReport(MessageId)
{
    public override Guid Subject => LegId;
}

/// <summary>Whether RTP (or WebSocket audio) was seen on the leg recently.</summary>
public sealed record LegLiveness(Guid MessageId, Guid LegId, bool Alive) : MediaReport(MessageId)
{
    public override Guid Subject => LegId;
}

/// <summary>A call changed status (<c>ringing</c>, <c>progressing</c>, <c>hangup</c> with its reason, ...).</summary>
public sealed record CallStatusReport(Guid MessageId, Guid CallId, string Status, string Reason) : MediaReport(MessageId)
{
    public override Guid Subject => CallId;
}

/// <summary>A leg started or stopped talking (energy with hangover, measured by the mixer); <see cref="EnergyLevel"/> is 0..100.</summary>
public sealed record Talking(Guid MessageId, Guid RoomId, Guid LegId, bool IsTalking, int EnergyLevel) : MediaReport(MessageId)
{
    public override Guid Subject => RoomId;
}

/// <summary>The dominant speaker changed; the zero id when nobody holds the floor.</summary>
public sealed record FloorChanged(Guid MessageId, Guid RoomId, Guid LegId) : MediaReport(MessageId)
{
    public override Guid Subject => RoomId;
}

/// <summary>A recording's file is complete in Blob Storage.</summary>
public sealed record RecordingSaved(Guid MessageId, Guid RoomId, Guid RecordingId, string BlobName, double DurationSeconds) : MediaReport(MessageId)
{
    public override Guid Subject => RoomId;
}

/// <summary>A piece of transcribed speech.</summary>
public sealed record TranscriptSegment(Guid MessageId, Guid RoomId, Guid TranscribeId, Guid LegId, string Direction, string Message, DateTimeOffset At) : MediaReport(MessageId)
{
    public override Guid Subject => RoomId;
}
