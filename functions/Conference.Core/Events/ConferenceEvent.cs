using System.Text.Json;

namespace Conference.Core.Events;

/// <summary>
/// The event envelope of the API: <c>{type, data, sequence, client_state}</c>. Every event of a
/// conference, its participants' included, is numbered by the conference entity, so the
/// sequence has no gaps.
/// </summary>
public sealed record ConferenceEvent(Guid ConferenceId, Guid CustomerId, string Type, JsonElement Data, long Sequence, string ClientState);

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
}
