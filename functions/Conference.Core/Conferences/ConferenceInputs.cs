namespace Conference.Core.Conferences;

public sealed record CreateConference(Guid CustomerId, ConferenceSettings Settings, string RequestHash = "");

public sealed record TerminateConference(string Reason);

/// <summary>
/// A call asks to join (the <c>conference_join</c> action). <see cref="Muted"/> and <see cref="Beep"/>
/// override the role's and the conference's settings for this participant when given; with
/// <see cref="EndConferenceOnExit"/> the conference ends when this participant leaves (Twilio's and
/// Telnyx's <c>endConferenceOnExit</c>).
/// </summary>
public sealed record JoinRequest(Guid CallId, string Role = Roles.Member, string Pin = "", bool? Muted = null, string? Beep = null, bool EndConferenceOnExit = false);

/// <summary>The answer to a join: the conferencecall made for it, and when refused, why.</summary>
public sealed record JoinResult(Guid ConferencecallId, bool Accepted, string RefusedReason);

public sealed record RecordingStartRequest(string? Format = null, int? Duration = null);

public sealed record TranscribeStartRequest(string? Language);

/// <summary><c>transcribe_start</c> as the conference takes it: the language asked for and the languages the speech-to-text engine does (from settings).</summary>
public sealed record StartTranscribe(string? Language, IReadOnlyList<string> Languages);

public sealed record ParticipantsActionRequest(string? Action);

public sealed record PlayRequest(string? Text = null, string? Language = null, string? MediaUrl = null, string? Tone = null, Guid[]? ConferencecallIds = null);

/// <summary>A conferencecall tells its conference what became of it.</summary>
public sealed record ParticipantChanged(
    Guid ConferencecallId, string Status, string Role, bool Muted, bool Deaf, bool OnHold, string EventType, System.Text.Json.JsonElement View);

public sealed record TalkingChange(Guid ConferencecallId, bool Talking, int EnergyLevel);

public sealed record RecordingSavedReport(Guid RecordingId, string BlobName, double DurationSeconds);

public sealed record TranscriptReport(Guid TranscribeId, Guid ConferencecallId, string Direction, string Message, DateTimeOffset At);
