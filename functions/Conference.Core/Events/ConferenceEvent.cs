using System.Text.Json;

namespace Conference.Core.Events;

/// <summary>
/// The event envelope of the API: <c>{type, data, sequence, client_state}</c>. Every event of a
/// conference, its participants' included, is numbered by the conference entity, so the
/// sequence has no gaps.
/// </summary>
public sealed record ConferenceEvent(Guid ConferenceId, Guid CustomerId, string Type, JsonElement Data, long Sequence, string ClientState)
{
    /// <summary>
    /// The event's id: the same for every delivery of it (a repeat after a retry or a restart is
    /// recognisable), derived from the conference and the sequence, which name it uniquely.
    /// </summary>
    public Guid Id
    {
        get
        {
            Span<byte> name = stackalloc byte[24];
            ConferenceId.TryWriteBytes(name);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(name[16..], Sequence);
            return Entities.NameBasedId.Of(name);
        }
    }

    /// <summary>
    /// What webhooks and WebSocket subscribers receive: the envelope of api.md plus the event's
    /// <c>id</c> and its <c>conference_id</c> (the sequence counts per conference, and some events'
    /// data, such as talking, name only the participant).
    /// </summary>
    public EventEnvelope Envelope() => new(Id, Type, ConferenceId, Data, Sequence, ClientState);
}

/// <summary>The event envelope on the wire: <c>{id, type, conference_id, data, sequence, client_state}</c>.</summary>
public sealed record EventEnvelope(Guid Id, string Type, Guid ConferenceId, JsonElement Data, long Sequence, string ClientState);

public static class EventTypes
{
    public const string ConferenceCreated = "conference_created";
    public const string ConferenceUpdated = "conference_updated";
    public const string ConferenceDeleted = "conference_deleted";
    public const string ConferencecallJoining = "conferencecall_joining";
    public const string ConferencecallJoined = "conferencecall_joined";
    public const string ConferencecallLeaving = "conferencecall_leaving";
    public const string ConferencecallLeaved = "conferencecall_leaved";
    public const string ConferencecallUpdated = "conferencecall_updated";
    public const string TalkingStarted = "conference_talking_started";
    public const string TalkingStopped = "conference_talking_stopped";
    public const string FloorChanged = "conference_floor_changed";
    public const string RecordingStarted = "recording_started";
    public const string RecordingSaved = "recording_saved";
    public const string TranscriptCreated = "transcript_created";

    // A controlled call's own events (a call dialed through Telnyx Call Control), numbered in the call's own sequence and
    // named by the call's id where a conference's events have their conference's: they go to webhooks only.
    public const string CallCreated = "call_created";
    public const string CallAnswered = "call_answered";
    public const string CallHangup = "call_hangup";

    public static bool IsCallEvent(string type) => type is CallCreated or CallAnswered or CallHangup;
}
