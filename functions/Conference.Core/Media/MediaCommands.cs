using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conference.Core.Media;

/// <summary>
/// What the control plane asks of the media host (the confbridge). Each carries the id of the
/// effect that sent it, so the media host can drop a repeat. A room is named by its conference id,
/// a leg by its conferencecall id.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CreateRoom), "create_room")]
[JsonDerivedType(typeof(DestroyRoom), "destroy_room")]
[JsonDerivedType(typeof(SetDirectHash), "set_direct_hash")]
[JsonDerivedType(typeof(BridgeLeg), "bridge_leg")]
[JsonDerivedType(typeof(KickLeg), "kick_leg")]
[JsonDerivedType(typeof(SetLeg), "set_leg")]
[JsonDerivedType(typeof(Play), "play")]
[JsonDerivedType(typeof(DialCall), "dial_call")]
[JsonDerivedType(typeof(HangupCall), "hangup_call")]
[JsonDerivedType(typeof(RunCallActions), "run_call_actions")]
[JsonDerivedType(typeof(StartRecording), "recording_start")]
[JsonDerivedType(typeof(PauseRecording), "recording_pause")]
[JsonDerivedType(typeof(ResumeRecording), "recording_resume")]
[JsonDerivedType(typeof(StopRecording), "recording_stop")]
[JsonDerivedType(typeof(StartTranscription), "transcribe_start")]
[JsonDerivedType(typeof(StopTranscription), "transcribe_stop")]
public abstract record MediaCommand(Guid RoomId);

/// <summary>A room for the conference; <see cref="DirectHash"/> lets the media host answer its dial-in address at once.</summary>
public sealed record CreateRoom(Guid RoomId, bool ComfortNoise, string HoldAudioUrl, string DirectHash) : MediaCommand(RoomId);

/// <summary>The conference's dial-in hash changed: the old one stops leading to the room.</summary>
public sealed record SetDirectHash(Guid RoomId, string DirectHash) : MediaCommand(RoomId);

public sealed record DestroyRoom(Guid RoomId) : MediaCommand(RoomId);

/// <summary>
/// Runs <see cref="PreActions"/> on the call, then bridges it into the room with its flags; once the
/// leg leaves the bridge while its call is up, the call runs <see cref="PostActions"/>.
/// </summary>
public sealed record BridgeLeg(Guid RoomId, Guid LegId, Guid CallId, bool Muted, bool Deaf, bool OnHold, JsonElement PreActions, JsonElement PostActions) : MediaCommand(RoomId);

public sealed record KickLeg(Guid RoomId, Guid LegId, string Reason) : MediaCommand(RoomId);

public sealed record SetLeg(Guid RoomId, Guid LegId, bool Muted, bool Deaf, bool OnHold) : MediaCommand(RoomId);

/// <summary>Speech (<see cref="Text"/> in <see cref="Language"/>), a WAV at <see cref="MediaUrl"/> or a named tone, to the legs listed or, when none, to the whole room.</summary>
public sealed record Play(Guid RoomId, string Text, string Language, string MediaUrl, string Tone, Guid[] LegIds) : MediaCommand(RoomId);

/// <summary>Dials <see cref="Destination"/> over SIP and runs <see cref="Actions"/> once answered. Call commands name no room.</summary>
public sealed record DialCall(Guid CallId, string Source, string Destination, JsonElement Actions, bool Controlled = false) : MediaCommand(Guid.Empty);

/// <summary>More actions for a controlled call, run after the ones it is running.</summary>
public sealed record RunCallActions(Guid CallId, JsonElement Actions) : MediaCommand(Guid.Empty);

/// <summary>Hangs a call up (BYE, or CANCEL while it rings).</summary>
public sealed record HangupCall(Guid CallId, string Reason) : MediaCommand(Guid.Empty);

public sealed record StartRecording(Guid RoomId, Guid RecordingId, string Format, string BlobName, int MaxDurationSeconds) : MediaCommand(RoomId);

public sealed record PauseRecording(Guid RoomId, Guid RecordingId) : MediaCommand(RoomId);

public sealed record ResumeRecording(Guid RoomId, Guid RecordingId) : MediaCommand(RoomId);

/// <summary>
/// Stops the recording. <see cref="BlobName"/> names its file, so a media host that no longer has
/// the recording (it restarted) can still report what was committed to it.
/// </summary>
public sealed record StopRecording(Guid RoomId, Guid RecordingId, string BlobName = "") : MediaCommand(RoomId);

public sealed record StartTranscription(Guid RoomId, Guid TranscribeId, string Language) : MediaCommand(RoomId);

public sealed record StopTranscription(Guid RoomId, Guid TranscribeId) : MediaCommand(RoomId);

/// <summary>A command as sent over the wire: the command and the id that makes it idempotent.</summary>
public sealed record MediaCommandEnvelope(Guid MessageId, MediaCommand Command);
