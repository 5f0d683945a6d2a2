using Conference.Core.Recordings;
using Conference.Core.Transcribes;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conference.Core.Conferencecalls;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Json;
using Conference.Core.Media;

namespace Conference.Core.Conferences;

/// <summary>
/// One conference. Public methods are its operations; each is a pure function of the state,
/// its input and <see cref="EntityContext.Now"/>, leaving effects in the context.
/// </summary>
public sealed partial class ConferenceEntity : Entity<ConferenceState>
{
    public ConferenceView Create(CreateConference input)
    {
        if (State is { } existing)
        {
            if (input.RequestHash.Length > 0 && input.RequestHash == existing.CreateRequestHash)
            {
                return View();
            }
            throw new DomainException(ErrorKind.Unprocessable, "IDEMPOTENCY_KEY_REUSED",
                "This idempotency key was already used with a different request.");
        }
        var settings = input.Settings;
        if (settings.Type is not (ConferenceTypes.Conference or ConferenceTypes.Connect))
        {
            throw DomainException.Invalid("INVALID_TYPE", "'type' is required: 'conference' or 'connect'.");
        }
        ConferenceRules.Validate(settings);
        var now = Now;
        var state = new ConferenceState
        {
            Id = Guid.Parse(Context.Id.Key),
            CustomerId = input.CustomerId,
            Type = settings.Type,
            Data = FlowAction.EmptyObject,
            MaxParticipants = ConferenceRules.DefaultMaxParticipants,
            DirectHash = DirectHash.New(),
            TmCreate = now,
            TmUpdate = now,
            CreateRequestHash = input.RequestHash,
        };
        ConferenceRules.Apply(state, settings);
        State = state;
        ArmTimeout(now);
        Context.Send(new CreateRoom(state.Id, state.ComfortNoise, state.HoldAudioUrl, state.DirectHash));
        Context.SignalSelf(nameof(RoomCheck), 1, now + ConferenceRules.RoomConfirmTimeout);
        Context.MoveDirectHash(state.Id, state.CustomerId, null, state.DirectHash);
        Project();
        Emit(EventTypes.ConferenceCreated, View());
        return View();
    }

    public ConferenceView Update(ConferenceSettings settings)
    {
        var state = RequireLive();
        if (settings.Type is { } type && type != state.Type)
        {
            throw DomainException.Invalid("TYPE_IMMUTABLE", "'type' cannot change after creation.");
        }
        ConferenceRules.Validate(settings);
        ConferenceRules.Apply(state, settings);
        if (settings.Timeout is not null || settings.DurationMinutes is not null)
        {
            ArmTimeout(Now);
        }
        Changed();
        return View();
    }

    /// <summary>DELETE: terminate; a repeat returns the same conference.</summary>
    public ConferenceView Terminate(TerminateConference input)
    {
        var state = Require();
        if (state.Status is ConferenceStatus.Starting or ConferenceStatus.Progressing)
        {
            BeginTermination(input.Reason);
        }
        return View();
    }

    /// <summary>The media host reports the room exists.</summary>
    public void RoomReady()
    {
        var state = Require();
        switch (state.Status)
        {
            case ConferenceStatus.Starting:
                MoveTo(ConferenceStatus.Progressing);
                Changed();
                break;
            case ConferenceStatus.Terminated:
                // The room came up after the conference ended: do not leave it behind.
                Context.Send(new DestroyRoom(state.Id));
                break;
        }
    }

    /// <summary>
    /// The media host no longer has the room (it restarted, or was gone): every participant's leg went
    /// with it, the recordings end with what was committed to their files, the transcription ends,
    /// and a live conference gets its room again, so new callers can join.
    /// </summary>
    public void RoomLost()
    {
        var state = Require();
        if (state.Status == ConferenceStatus.Terminated)
        {
            return;
        }
        foreach (var p in state.Participants)
        {
            Context.Signal(EntityId.Conferencecall(p.ConferencecallId), nameof(ConferencecallEntity.MediaLost));
        }
        if (state.RecordingId != Guid.Empty)
        {
            Context.Signal(EntityId.Recording(state.RecordingId), nameof(RecordingEntity.Stop));
            state.RecordingId = Guid.Empty;
            state.RecordingPaused = false;
        }
        foreach (var recordingId in state.UnsavedRecordingIds)
        {
            Context.Send(new StopRecording(state.Id, recordingId, BlobNameOf(recordingId)));
        }
        StopTranscriptionNow();
        if (state.Status is ConferenceStatus.Starting or ConferenceStatus.Progressing)
        {
            Context.Send(new CreateRoom(state.Id, state.ComfortNoise, state.HoldAudioUrl, state.DirectHash));
        }
        Changed();
    }

    /// <summary>The room confirmation timer: retry the create, and give up after the last attempt.</summary>
    public void RoomCheck(int attempt)
    {
        var state = Require();
        if (state.Status != ConferenceStatus.Starting)
        {
            return;
        }
        if (attempt < ConferenceRules.RoomAttempts)
        {
            Context.Send(new CreateRoom(state.Id, state.ComfortNoise, state.HoldAudioUrl, state.DirectHash));
            Context.SignalSelf(nameof(RoomCheck), attempt + 1, Context.Now + ConferenceRules.RoomConfirmTimeout);
            return;
        }
        state.EndReason = EndReasons.MediaUnavailable;
        state.TmDelete = Now;
        Finish();
    }

    public void TimeoutExpired(int generation)
    {
        var state = Require();
        if (generation == state.TimeoutGeneration
            && state.Status is ConferenceStatus.Starting or ConferenceStatus.Progressing)
        {
            BeginTermination(EndReasons.Timeout);
        }
    }

    public JoinResult Join(JoinRequest request)
    {
        var state = Require();
        if (request.Role is not (Roles.Member or Roles.Moderator or Roles.ByPin))
        {
            throw DomainException.Invalid("INVALID_ROLE", "'role' is 'member', 'moderator' or 'by_pin'.");
        }
        ConferenceRules.ValidateBeep(request.Beep, "beep");
        // Kazoo's dial-in: a moderator's PIN makes a moderator; anything else is a member, whose own PINs (if any) then apply.
        request = request.Role == Roles.ByPin
            ? request with { Role = state.Moderator.Pins.Contains(request.Pin) ? Roles.Moderator : Roles.Member }
            : request;
        var role = request.Role == Roles.Moderator ? state.Moderator : state.Member;
        var refused = state.Status switch
        {
            ConferenceStatus.Starting => "conference_not_ready",
            ConferenceStatus.Terminating or ConferenceStatus.Terminated => "conference_terminating",
            _ when state.IsLocked => "conference_locked",
            _ when ActiveCount(state) >= state.MaxParticipants => "conference_full",
            _ when role.Pins.Length > 0 && !role.Pins.Contains(request.Pin) => "invalid_pin",
            _ => "",
        };
        var id = Context.NewId();
        var muted = request.Muted ?? role.JoinMuted;
        var onHold = refused.Length == 0 && request.Role == Roles.Member && !state.StartConferenceOnCreate && !state.Started;
        Context.Signal(EntityId.Conferencecall(id), nameof(ConferencecallEntity.Create), new CreateConferencecall(
            state.Id, state.CustomerId, request.CallId, request.Role, muted, role.JoinDeaf, onHold,
            state.PreActions, state.PostActions, refused));
        if (refused.Length == 0)
        {
            state.Participants.Add(new Participant
            {
                ConferencecallId = id, CallId = request.CallId, Number = ++state.ParticipantNumbers, Role = request.Role, Status = ConferencecallStatus.Joining,
                Muted = muted, Deaf = role.JoinDeaf, OnHold = onHold, JoinTime = Now,
                Beep = request.Beep, EndConferenceOnExit = request.EndConferenceOnExit,
            });
            Changed();
        }
        return new JoinResult(id, refused.Length == 0, refused);
    }

    /// <summary>A participant reports its new status or flags; the conference numbers and publishes the event.</summary>
    public void ParticipantChanged(ParticipantChanged change)
    {
        var state = Require();
        var participant = state.Participants.Find(p => p.ConferencecallId == change.ConferencecallId);
        if (participant is not null)
        {
            participant.Status = change.Status;
            participant.Muted = change.Muted;
            participant.Deaf = change.Deaf;
            participant.OnHold = change.OnHold;
        }
        Emit(change.EventType, change.View);
        switch (change.Status)
        {
            case ConferencecallStatus.Joined when participant is not null && change.EventType == EventTypes.ConferencecallJoined:
                participant.JoinTime = Now;
                OnJoined(participant);
                break;
            case ConferencecallStatus.Leaved when participant is not null:
                state.Participants.Remove(participant);
                OnLeft(participant);
                break;
        }
        Changed();
    }

    /// <summary>The mixer's talk detection: the participant's realtime flags, and an event on each change.</summary>
    public void TalkingChanged(TalkingChange change)
    {
        var participant = Require().Participants.Find(p => p.ConferencecallId == change.ConferencecallId);
        if (participant is null)
        {
            return;
        }
        var started = change.Talking && !participant.Talking;
        var stopped = !change.Talking && participant.Talking;
        participant.Talking = change.Talking;
        participant.EnergyLevel = Math.Clamp(change.EnergyLevel, 0, 100);
        if (started || stopped)
        {
            Emit(started ? EventTypes.TalkingStarted : EventTypes.TalkingStopped, new { conferencecall_id = change.ConferencecallId, energy_level = participant.EnergyLevel });
        }
    }

    /// <summary>The dominant speaker, or the zero id for nobody.</summary>
    public void FloorChanged(Guid conferencecallId)
    {
        var state = Require();
        if (state.Floor != conferencecallId)
        {
            state.Floor = conferencecallId;
            var callId = state.Participants.Find(p => p.ConferencecallId == conferencecallId)?.CallId ?? Guid.Empty;
            Emit(EventTypes.FloorChanged, new { conferencecall_id = conferencecallId, call_id = callId });
        }
    }

    /// <summary>
    /// A recording's file is complete: the recording resource ends and customers hear of it, once. When
    /// the media host ended the active recording by itself (its duration, or storage gave up), it is no
    /// longer active here either.
    /// </summary>
    public void RecordingSaved(RecordingSavedReport report)
    {
        var state = Require();
        // A save reported again (a stop sent twice, after a restart) was told already.
        if (!state.UnsavedRecordingIds.Remove(report.RecordingId) && state.RecordingId != report.RecordingId)
        {
            return;
        }
        Context.Signal(EntityId.Recording(report.RecordingId), nameof(RecordingEntity.Saved), new RecordingFile(report.BlobName, report.DurationSeconds));
        if (state.RecordingId == report.RecordingId)
        {
            state.RecordingId = Guid.Empty;
            state.RecordingPaused = false;
            Changed();
        }
        Emit(EventTypes.RecordingSaved, new
        {
            recording_id = report.RecordingId, filename = report.BlobName.Length > 0 ? $"{report.RecordingId}.wav" : "", duration = Math.Round(report.DurationSeconds, 3),
        });
    }

    /// <summary>
    /// The media host transcribed one turn of one participant: stored in the transcript list and told
    /// as <c>transcript_created</c>, in the conference's sequence. Turns of a transcribe already stopped
    /// still count (speech from before the stop, transcribed after it).
    /// </summary>
    public void TranscriptCreated(TranscriptReport report)
    {
        var state = Require();
        if (state.TranscribeIds.Contains(report.TranscribeId) && report.Message.Length > 0)
        {
            var transcript = new TranscriptView(Context.NewId(), state.CustomerId, report.TranscribeId, report.ConferencecallId, report.Direction,
                report.Message, report.At.UtcDateTime.TruncateToMicroseconds().ToSeedFormat(), Now.ToSeedFormat());
            Context.Project(Resources.Transcript, state.CustomerId, transcript.Id, transcript);
            Emit(EventTypes.TranscriptCreated, transcript);
        }
    }

    public ConferenceView RecordingStart(RecordingStartRequest request)
    {
        var state = RequireProgressing("recording");
        if (state.RecordingId != Guid.Empty)
        {
            throw DomainException.Conflict("RECORDING_ALREADY_ACTIVE", "A recording is already active.");
        }
        var format = request.Format ?? "wav";
        if (format != "wav")
        {
            throw DomainException.Invalid("INVALID_FORMAT", "'format' is 'wav'.");
        }
        var duration = request.Duration ?? ConferenceRules.MaxRecordingSeconds;
        if (duration is < 1 or > ConferenceRules.MaxRecordingSeconds)
        {
            throw DomainException.Invalid("INVALID_DURATION", $"'duration' is seconds from 1 to {ConferenceRules.MaxRecordingSeconds}.");
        }
        var recordingId = Context.NewId();
        state.RecordingId = recordingId;
        state.RecordingPaused = false;
        state.RecordingIds.Add(recordingId);
        state.UnsavedRecordingIds.Add(recordingId);
        var blobName = BlobNameOf(recordingId);
        Context.Signal(EntityId.Recording(recordingId), nameof(RecordingEntity.Create), new CreateRecording(state.Id, state.CustomerId, format, blobName));
        Context.Send(new StartRecording(state.Id, recordingId, format, blobName, duration));
        Context.SignalSelf(nameof(RecordingLimit), recordingId, Context.Now.AddSeconds(duration));
        Changed();
        Emit(EventTypes.RecordingStarted, new { recording_id = recordingId, format, duration });
        return View();
    }

    public ConferenceView RecordingStop()
    {
        RequireRecording();
        StopRecordingNow();
        Changed();
        return View();
    }

    public ConferenceView RecordingPause()
    {
        var state = RequireRecording();
        if (state.RecordingPaused)
        {
            throw DomainException.Conflict("RECORDING_ALREADY_PAUSED", "The recording is already paused.");
        }
        state.RecordingPaused = true;
        Context.Send(new PauseRecording(state.Id, state.RecordingId));
        Context.Signal(EntityId.Recording(state.RecordingId), nameof(RecordingEntity.Pause));
        Changed();
        return View();
    }

    public ConferenceView RecordingResume()
    {
        var state = RequireRecording();
        if (!state.RecordingPaused)
        {
            throw DomainException.Conflict("RECORDING_NOT_PAUSED", "The recording is not paused.");
        }
        state.RecordingPaused = false;
        Context.Send(new ResumeRecording(state.Id, state.RecordingId));
        Context.Signal(EntityId.Recording(state.RecordingId), nameof(RecordingEntity.Resume));
        Changed();
        return View();
    }

    /// <summary>The recording's duration (or 24 h) is up: it stops by itself.</summary>
    public void RecordingLimit(Guid recordingId)
    {
        if (Require().RecordingId == recordingId)
        {
            StopRecordingNow();
            Changed();
        }
    }

    public ConferenceView TranscribeStart(StartTranscribe request)
    {
        var state = RequireProgressing("transcription");
        if (request.Language is null || !LanguageTag().IsMatch(request.Language))
        {
            throw DomainException.Invalid("INVALID_LANGUAGE", "'language' is required, a BCP 47 tag such as 'en-US'.");
        }
        var language = request.Languages.FirstOrDefault(l => string.Equals(l, request.Language, StringComparison.OrdinalIgnoreCase))
            ?? throw DomainException.Invalid("UNSUPPORTED_LANGUAGE",
                $"The speech-to-text engine cannot transcribe '{request.Language}'; it does {string.Join(", ", request.Languages)}.");
        if (state.TranscribeId != Guid.Empty)
        {
            throw DomainException.Conflict("TRANSCRIBE_ALREADY_ACTIVE", "A transcription is already active.");
        }
        var transcribeId = Context.NewId();
        state.TranscribeId = transcribeId;
        state.TranscribeIds.Add(transcribeId);
        Context.Signal(EntityId.Transcribe(transcribeId), nameof(TranscribeEntity.Create), new CreateTranscribe(state.Id, state.CustomerId, language));
        Context.Send(new StartTranscription(state.Id, transcribeId, language));
        Changed();
        return View();
    }

    public ConferenceView TranscribeStop()
    {
        var state = Require();
        if (state.TranscribeId == Guid.Empty)
        {
            throw DomainException.Conflict("TRANSCRIBE_NOT_ACTIVE", "No transcription is active.");
        }
        StopTranscriptionNow();
        Changed();
        return View();
    }

    public ConferenceView RegenerateDirectHash()
    {
        var state = RequireLive();
        var old = state.DirectHash;
        state.DirectHash = DirectHash.New();
        Context.MoveDirectHash(state.Id, state.CustomerId, old, state.DirectHash);
        Context.Send(new SetDirectHash(state.Id, state.DirectHash));
        Changed();
        return View();
    }

    public ConferenceView Lock() => SetLocked(true);

    public ConferenceView Unlock() => SetLocked(false);

    /// <summary>Kazoo's conference-wide action: mute, unmute, deaf and undeaf apply to every participant but the moderators; kick throws every participant out (the seed's words).</summary>
    public ConferenceView ParticipantsAction(ParticipantsActionRequest request)
    {
        var operation = request.Action switch
        {
            "mute" => nameof(ConferencecallEntity.Mute),
            "unmute" => nameof(ConferencecallEntity.Unmute),
            "deaf" => nameof(ConferencecallEntity.Deaf),
            "undeaf" => nameof(ConferencecallEntity.Undeaf),
            "kick" => nameof(ConferencecallEntity.Kick),
            _ => throw DomainException.Invalid("INVALID_ACTION", "'action' is one of: mute, unmute, deaf, undeaf, kick."),
        };
        var state = RequireProgressing("participants_action");
        var kick = operation == nameof(ConferencecallEntity.Kick);
        foreach (var p in state.Participants.Where(p => kick || p.Role != Roles.Moderator))
        {
            if (p.Status == ConferencecallStatus.Joined || (kick && p.Status == ConferencecallStatus.Joining))
            {
                Context.Signal(EntityId.Conferencecall(p.ConferencecallId), operation);
            }
        }
        return View();
    }

    public ConferenceView Play(PlayRequest request)
    {
        var state = RequireProgressing("play");
        var sources = (request.Text is not null ? 1 : 0) + (request.MediaUrl is not null ? 1 : 0) + (request.Tone is not null ? 1 : 0);
        if (sources != 1)
        {
            throw DomainException.Invalid("INVALID_PLAY", "Give exactly one of 'text' (with 'language'), 'media_url' or 'tone'.");
        }
        if (request.Text is not null && (request.Language is null || !LanguageTag().IsMatch(request.Language)))
        {
            throw DomainException.Invalid("INVALID_LANGUAGE", "'text' needs a 'language', a BCP 47 tag such as 'en-US'.");
        }
        if (request.MediaUrl is not null && !ConferenceRules.IsHttpUrl(request.MediaUrl))
        {
            throw DomainException.Invalid("INVALID_MEDIA_URL", "'media_url' must be an absolute http(s) URL.");
        }
        var legs = request.ConferencecallIds ?? [];
        if (legs.FirstOrDefault(id => !state.Participants.Exists(p => p.ConferencecallId == id)) is var unknown && unknown != Guid.Empty)
        {
            throw DomainException.Invalid("UNKNOWN_CONFERENCECALL", $"Conferencecall {unknown} is not in this conference.");
        }
        Context.Send(new Media.Play(state.Id, request.Text ?? "", request.Language ?? "", request.MediaUrl ?? "", request.Tone ?? "", legs));
        return View();
    }

    private ConferenceView SetLocked(bool locked)
    {
        var state = RequireLive();
        if (state.IsLocked != locked)
        {
            state.IsLocked = locked;
            Changed();
        }
        return View();
    }

    private void OnJoined(Participant participant)
    {
        var state = State!;
        participant.HasJoined = true;
        if ((participant.Beep ?? state.BeepEnabled) is BeepModes.Always or BeepModes.OnEnter)
        {
            Context.Send(new Media.Play(state.Id, "", "", "", "beep_enter", []));
        }
        if (!state.Started && (participant.Role == Roles.Moderator || state.StartConferenceOnCreate))
        {
            state.Started = true;
            Callback("start", null);
            foreach (var held in state.Participants.Where(p => p.OnHold && p.Role == Roles.Member))
            {
                Context.Signal(EntityId.Conferencecall(held.ConferencecallId), nameof(ConferencecallEntity.Unhold));
            }
        }
        Callback("join", participant);
    }

    private void OnLeft(Participant participant)
    {
        var state = State!;
        if (participant.HasJoined)
        {
            Callback("leave", participant);
        }
        if ((participant.Beep ?? state.BeepEnabled) is BeepModes.Always or BeepModes.OnExit && state.Status == ConferenceStatus.Progressing)
        {
            Context.Send(new Media.Play(state.Id, "", "", "", "beep_exit", []));
        }
        if (state.Status == ConferenceStatus.Progressing && participant.EndConferenceOnExit && participant.HasJoined)
        {
            // A participant that ends the conference on exit: the others are ejected and the conference ends when empty.
            state.EndedByCallId = participant.CallId;
            BeginTermination(EndReasons.HostLeft);
        }
        else if (state.Status == ConferenceStatus.Progressing && (state.Type == ConferenceTypes.Connect || (state.EndWhenEmpty && ActiveCount(state) == 0)))
        {
            // One side of a connect left (the other is ejected), or the last one left a conference that ends when empty.
            BeginTermination(EndReasons.AllLeft);
        }
        else if (state.Status == ConferenceStatus.Terminating && state.Participants.Count == 0)
        {
            Finish();
        }
    }

    private void BeginTermination(string reason)
    {
        var state = State!;
        state.EndReason = reason;
        state.TmDelete ??= Now;
        MoveTo(ConferenceStatus.Terminating);
        StopRecordingNow();
        StopTranscriptionNow();
        foreach (var p in state.Participants)
        {
            var id = EntityId.Conferencecall(p.ConferencecallId);
            Context.Signal(id, nameof(ConferencecallEntity.ConferenceStatusChanged), ConferenceStatus.Terminating);
            if (p.Status is ConferencecallStatus.Joining or ConferencecallStatus.Joined)
            {
                Context.Signal(id, nameof(ConferencecallEntity.Kick));
            }
        }
        if (state.Participants.Count == 0)
        {
            Finish();
        }
        Changed();
    }

    /// <summary>The end: terminated, the room destroyed, the SIP address dead.</summary>
    private void Finish()
    {
        var state = State!;
        MoveTo(ConferenceStatus.Terminated);
        StopRecordingNow();
        StopTranscriptionNow();
        Context.Send(new DestroyRoom(state.Id));
        Context.MoveDirectHash(state.Id, state.CustomerId, state.DirectHash, "");
        Changed();
        Emit(EventTypes.ConferenceDeleted, View());
        Callback("end", null);
    }

    private void StopRecordingNow()
    {
        var state = State!;
        if (state.RecordingId != Guid.Empty)
        {
            Context.Send(new StopRecording(state.Id, state.RecordingId, BlobNameOf(state.RecordingId)));
            Context.Signal(EntityId.Recording(state.RecordingId), nameof(RecordingEntity.Stop));
            state.RecordingId = Guid.Empty;
            state.RecordingPaused = false;
        }
    }

    private void StopTranscriptionNow()
    {
        var state = State!;
        if (state.TranscribeId != Guid.Empty)
        {
            Context.Send(new StopTranscription(state.Id, state.TranscribeId));
            Context.Signal(EntityId.Transcribe(state.TranscribeId), nameof(TranscribeEntity.Stop));
            state.TranscribeId = Guid.Empty;
        }
    }

    private void ArmTimeout(DateTime from)
    {
        var state = State!;
        state.TimeoutGeneration++;
        if (state.Timeout > 0)
        {
            Context.SignalSelf(nameof(TimeoutExpired), state.TimeoutGeneration, new DateTimeOffset(from.AddSeconds(state.Timeout), TimeSpan.Zero));
        }
    }

    private void MoveTo(string status)
    {
        var state = State!;
        if (!ConferenceRules.IsForward(state.Status, status))
        {
            throw new InvalidOperationException($"A conference cannot move from {state.Status} to {status}.");
        }
        state.Status = status;
    }

    private static int ActiveCount(ConferenceState state) =>
        state.Participants.Count(p => p.Status is ConferencecallStatus.Joining or ConferencecallStatus.Joined);

    private ConferenceState Require() =>
        State ?? throw DomainException.NotFound("CONFERENCE_NOT_FOUND", "No such conference.");

    private ConferenceState RequireLive()
    {
        var state = Require();
        if (state.Status is ConferenceStatus.Terminating or ConferenceStatus.Terminated)
        {
            throw DomainException.Conflict("CONFERENCE_TERMINATING", $"The conference is {state.Status}.");
        }
        return state;
    }

    private ConferenceState RequireProgressing(string what)
    {
        var state = Require();
        if (state.Status != ConferenceStatus.Progressing)
        {
            throw DomainException.Conflict("CONFERENCE_NOT_PROGRESSING", $"The conference is {state.Status}; {what} needs it progressing.");
        }
        return state;
    }

    private ConferenceState RequireRecording()
    {
        var state = Require();
        if (state.RecordingId == Guid.Empty)
        {
            throw DomainException.Conflict("RECORDING_NOT_ACTIVE", "No recording is active.");
        }
        return state;
    }

    private ConferenceView View() => ConferenceView.Of(State!, Now);

    /// <summary>Where a recording's file goes: under its customer and conference.</summary>
    private string BlobNameOf(Guid recordingId) => $"{State!.CustomerId}/{State.Id}/{recordingId}.wav";

    private void Changed()
    {
        var state = State!;
        state.TmUpdate = Now;
        Project();
        Emit(EventTypes.ConferenceUpdated, View());
    }

    private void Project() => Context.Project(Resources.Conference, State!.CustomerId, State.Id, View());

    private void Emit(string type, object data)
    {
        var state = State!;
        state.Sequence++;
        var element = data as JsonElement? ?? JsonSerializer.SerializeToElement(data, data.GetType(), CoreJson.Options);
        Context.Publish(new ConferenceEvent(state.Id, state.CustomerId, type, element, state.Sequence, state.ClientState));
    }

    /// <summary>
    /// A status callback, when the conference has one that wants <paramref name="name"/>: the
    /// conference's name and, for a participant's, who and how they are.
    /// </summary>
    private void Callback(string name, Participant? participant)
    {
        var state = State!;
        if (state.StatusCallback is not { } target || !target.Wants(name))
        {
            return;
        }
        state.CallbackSequence++;
        var data = JsonSerializer.SerializeToElement(new
        {
            name = state.Name, end_reason = state.EndReason, timestamp = Now.ToSeedFormat(),
            conferencecall_id = participant?.ConferencecallId, call_id = participant?.CallId, muted = participant?.Muted, hold = participant?.OnHold,
            start_conference_on_enter = participant is null ? (bool?)null : state.StartConferenceOnCreate || participant.Role == Roles.Moderator,
            end_conference_on_exit = participant?.EndConferenceOnExit,
        }, CoreJson.Options);
        Context.Callback(new ConferenceEvent(state.Id, state.CustomerId, name, data, state.CallbackSequence, ""), target);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}

/// <summary>The names of the list indexes the entities project into.</summary>
public static class Resources
{
    public const string Conference = "conference";
    public const string Conferencecall = "conferencecall";
    public const string Recording = "recording";
    public const string Transcribe = "transcribe";
    public const string Transcript = "transcript";
    public const string Call = "call";
    public const string AccessKey = "accesskey";
    public const string Customer = "customer";
    public const string User = "user";
}
