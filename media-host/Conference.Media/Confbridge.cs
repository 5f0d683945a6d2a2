using System.Collections.Concurrent;
using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Calls;
using Conference.Media.Prompts;
using Conference.Media.Recording;
using Conference.Media.Reports;
using Conference.Media.Rooms;
using Conference.Media.Transcription;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace Conference.Media;

/// <summary>
/// The media plane's one entry point: rooms by conference id, call media by call id, and the
/// commands of behaviour.md applied to them. It keeps no business state: a leg is bridged when
/// the control plane says so and its media exists (in either order), and everything that happens
/// is reported. Commands are idempotent by message id.
/// </summary>
public sealed class Confbridge : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Room> _rooms = new();
    private readonly ConcurrentDictionary<Guid, Leg> _calls = new();
    private readonly ConcurrentDictionary<Guid, BridgeLeg> _awaitingMedia = new();
    private readonly ConcurrentDictionary<Guid, CallSession> _sessions = new();
    private readonly ConcurrentDictionary<Guid, Room> _lobbies = new();
    private readonly ConcurrentDictionary<string, Guid> _directHashes = new();
    private readonly RecentIds _handled = new(8192);
    private readonly RoomClock _clock;
    private readonly IReportSink _reports;
    private readonly BlobContainerClient _recordings;
    private readonly RecordingOptions _recordingOptions;
    private readonly PromptLoader _prompts;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, bool> _liveness = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<string>> _bridgeWaiters = new();
    private readonly RecentIds _savedRecordings = new(1024);
    private long _promptFailures;

    public Confbridge(RoomClock clock, IReportSink reports, BlobServiceClient blobs, RecordingOptions recordingOptions, PromptLoader prompts, ILogger<Confbridge> logger)
    {
        _clock = clock;
        _reports = reports;
        _recordings = blobs.GetBlobContainerClient(recordingOptions.Container);
        _recordingOptions = recordingOptions;
        _prompts = prompts;
        _logger = logger;
    }

    /// <summary>How long a bridge waits for its call's media before the leg is reported gone.</summary>
    public TimeSpan MediaWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A leg whose audio stopped this long ago is reported dead (health check).</summary>
    public TimeSpan LivenessWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>This process: a new id at every start, so the control plane can tell a media host that restarted (and lost its rooms) from the one it knew.</summary>
    public Guid BootId { get; } = Guid.NewGuid();

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyCollection<Room> Rooms => (IReadOnlyCollection<Room>)_rooms.Values;
    public IReadOnlyCollection<Leg> Calls => (IReadOnlyCollection<Leg>)_calls.Values;
    public long PromptFailures => Interlocked.Read(ref _promptFailures);
    public RoomClock Clock => _clock;

    public Room? FindRoom(Guid id) => _rooms.GetValueOrDefault(id);

    /// <summary>Speech-to-text for rooms that transcribe; null where the media host runs without an engine.</summary>
    public TranscriptionWorker? Transcription { get; init; }

    /// <summary>SIP calls (dial out, hang up); null where the media host runs without SIP.</summary>
    public SipCalls? Sip { get; set; }

    /// <summary>Applies a command once per message id; a repeat is answered as done.</summary>
    public async Task HandleAsync(MediaCommandEnvelope envelope, CancellationToken cancellationToken = default)
    {
        if (!_handled.Add(envelope.MessageId))
        {
            return;
        }
        try
        {
            await ApplyAsync(envelope.Command, cancellationToken);
        }
        catch
        {
            _handled.Remove(envelope.MessageId);
            throw;
        }
    }

    private async Task ApplyAsync(MediaCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case CreateRoom c:
                await CreateRoomAsync(c, cancellationToken);
                break;
            case DestroyRoom c:
                await DestroyRoomAsync(c.RoomId);
                break;
            case SetDirectHash c:
                MapDirectHash(c.RoomId, c.DirectHash);
                break;
            case BridgeLeg c:
                Bridge(c);
                break;
            case KickLeg c:
                Kick(c.RoomId, c.LegId, c.Reason);
                break;
            case SetLeg c when FindRoom(c.RoomId)?.Find(c.LegId) is { } leg:
                leg.Muted = c.Muted;
                leg.Deaf = c.Deaf;
                leg.OnHold = c.OnHold;
                break;
            case SetLeg:
                break;
            case Play c:
                StartPlay(c);
                break;
            case StartRecording c:
                StartRecording(c);
                break;
            case PauseRecording c when FindRoom(c.RoomId)?.Recorder is { } recorder && recorder.RecordingId == c.RecordingId:
                recorder.Paused = true;
                break;
            case ResumeRecording c when FindRoom(c.RoomId)?.Recorder is { } recorder && recorder.RecordingId == c.RecordingId:
                recorder.Paused = false;
                break;
            case DialCall c when Sip is not null:
                await Sip.DialAsync(c, cancellationToken);
                break;
            case HangupCall c when Sip is not null:
                Sip.Hangup(c.CallId);
                break;
            case RunCallActions c when Sip is not null:
                Sip.RunActions(c.CallId, Core.Conferences.FlowAction.FromJson(c.Actions));
                break;
            case StopRecording c:
                if (FindRoom(c.RoomId)?.TakeRecording(c.RecordingId) is { } stopped)
                {
                    _ = StopAndRememberAsync(stopped);
                }
                else if (c.BlobName.Length > 0 && !_savedRecordings.Contains(c.RecordingId))
                {
                    // Not recording here and not saved by this process: it ran on a media host that is gone.
                    _ = ReportCommittedAsync(c);
                }
                break;
            case StartTranscription c:
                StartTranscribing(c);
                break;
            case StopTranscription c:
                FindRoom(c.RoomId)?.StopTranscription(c.TranscribeId);
                break;
            default:
                _logger.LogInformation("Command {Type} for room {Room} is not handled by this media host", command.GetType().Name, command.RoomId);
                break;
        }
    }

    private void StartTranscribing(StartTranscription command)
    {
        if (FindRoom(command.RoomId) is not { } room)
        {
            _logger.LogWarning("Transcription {Transcribe}: room {Room} is not here", command.TranscribeId, command.RoomId);
        }
        else if (Transcription is not { } worker || !worker.Engine.Supports(command.Language))
        {
            _logger.LogWarning("Transcription {Transcribe} in room {Room}: no speech-to-text engine here does {Language} ({Engine})",
                command.TranscribeId, command.RoomId, command.Language, Transcription?.Engine.Name ?? "none");
        }
        else if (!room.StartTranscription(new RoomTranscription(room.Id, command.TranscribeId, command.Language, worker))
                 && room.Transcription?.TranscribeId != command.TranscribeId)
        {
            _logger.LogWarning("Transcription {Transcribe} in room {Room}: {Running} is already running", command.TranscribeId, command.RoomId, room.Transcription?.TranscribeId);
        }
    }

    private async Task CreateRoomAsync(CreateRoom command, CancellationToken cancellationToken)
    {
        var hold = Tones.Named("hold");
        if (!string.IsNullOrEmpty(command.HoldAudioUrl))
        {
            try
            {
                hold = await _prompts.LoadAsync("", "", command.HoldAudioUrl, "", cancellationToken);
            }
            catch (Exception e) when (e is InvalidAudioException or HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _promptFailures);
                _logger.LogWarning("Room {Room}: hold audio {Url} unusable ({Error}); the comfort tone is used", command.RoomId, command.HoldAudioUrl, e.Message);
            }
        }
        _rooms.GetOrAdd(command.RoomId, id => new Room(id, command.ComfortNoise, hold, _reports));
        MapDirectHash(command.RoomId, command.DirectHash);
        _reports.Report(new RoomReady(Guid.NewGuid(), command.RoomId));
    }

    private async Task DestroyRoomAsync(Guid roomId)
    {
        MapDirectHash(roomId, "");
        if (!_rooms.TryRemove(roomId, out var room))
        {
            return;
        }
        foreach (var leg in room.Legs)
        {
            Kick(roomId, leg.Id, "room_destroyed", room);
        }
        if (room.Recorder is { } recorder && room.TakeRecording(recorder.RecordingId) is { } taken)
        {
            await taken.StopAsync();
        }
        room.Prompts.Stop();
        room.StopTranscription(Guid.Empty);
    }

    /// <summary>
    /// The room a dial-in hash leads to, as the control plane last said; null when unknown here
    /// (then the control plane decides). It lets an INVITE be answered without waiting for storage.
    /// </summary>
    public Guid? RoomOfDirectHash(string hash) => _directHashes.TryGetValue(hash, out var room) && _rooms.ContainsKey(room) ? room : null;

    private void MapDirectHash(Guid roomId, string hash)
    {
        foreach (var old in _directHashes.Where(h => h.Value == roomId && h.Key != hash))
        {
            _directHashes.TryRemove(old);
        }
        if (hash.Length > 0)
        {
            _directHashes[hash] = roomId;
        }
    }

    /// <summary>Call media arrived (a WebSocket connected, a SIP call answered): bridge it if the control plane already asked.</summary>
    public void AttachCall(Leg leg)
    {
        _calls[leg.CallId] = leg;
        leg.Ended += OnLegEnded;
        leg.Digit += (l, digit, duration) => _logger.LogInformation("Leg {Leg} pressed {Digit} ({Duration} ms)", l.Id, digit, duration);
        if (_awaitingMedia.TryRemove(leg.CallId, out var bridge))
        {
            Bridge(bridge);
        }
    }

    private void Bridge(BridgeLeg command)
    {
        if (!_rooms.TryGetValue(command.RoomId, out var room))
        {
            _reports.Report(new LegLeft(Guid.NewGuid(), command.LegId, "no_room", _calls.ContainsKey(command.CallId) || _sessions.ContainsKey(command.CallId)));
            AnswerBridge(command.CallId, "no_room");
            return;
        }
        AnswerBridge(command.CallId, "");
        if (room.Find(command.LegId) is not null)
        {
            return;
        }
        if (_sessions.TryGetValue(command.CallId, out var session))
        {
            // A SIP call runs the pre_actions itself, then comes back through Enter.
            session.Bridge(command);
            return;
        }
        if (!_calls.TryGetValue(command.CallId, out var leg))
        {
            _awaitingMedia[command.CallId] = command;
            _ = GiveUpWaitingAsync(command);
            return;
        }
        Join(room, leg, command);
    }

    private void AnswerBridge(Guid callId, string refusal)
    {
        if (_bridgeWaiters.TryGetValue(callId, out var waiter))
        {
            waiter.TrySetResult(refusal);
        }
    }

    /// <summary>A SIP call that asked to join a conference: its bridge command goes to it.</summary>
    internal void Expect(CallSession session) => _sessions[session.CallId] = session;

    internal void Forget(CallSession session) => _sessions.TryRemove(new(session.CallId, session));

    /// <summary>A SIP call is done with its pre_actions: into the room, or gone if the room is.</summary>
    internal bool Enter(CallSession session, BridgeLeg command)
    {
        LeaveLobby(session);
        var leg = session.Call.Leg!;
        if (!_rooms.TryGetValue(command.RoomId, out var room))
        {
            _reports.Report(new LegLeft(Guid.NewGuid(), command.LegId, "no_room", true));
            return false;
        }
        leg.Ended -= OnLegEnded;
        leg.Ended += OnLegEnded;
        Join(room, leg, command);
        return true;
    }

    /// <summary>A call's own room, with nobody else in it: where it hears its prompts outside a conference.</summary>
    internal void EnterLobby(CallSession session)
    {
        var leg = session.Call.Leg!;
        if (leg.RoomId != Guid.Empty && FindRoom(leg.RoomId)?.Find(leg.Id) is not null)
        {
            return; // in a conference: the prompt is laid over the mix
        }
        var lobby = _lobbies.GetOrAdd(session.CallId, id => new Room(id, comfortNoise: false, [], DiscardReports.Instance));
        lobby.Add(leg);
        _clock.Wake(lobby);
    }

    internal void LeaveLobby(CallSession session)
    {
        if (_lobbies.TryRemove(session.CallId, out var lobby))
        {
            lobby.Remove(session.Call.Leg!.Id);
            lobby.Prompts.Stop();
        }
    }

    private void Join(Room room, Leg leg, BridgeLeg command)
    {
        leg.Id = command.LegId;
        leg.Muted = command.Muted;
        leg.Deaf = command.Deaf;
        leg.OnHold = command.OnHold;
        room.Add(leg);
        _clock.Wake(room);
        _liveness[leg.Id] = true;
        _reports.Report(new LegJoined(Guid.NewGuid(), command.LegId));
    }

    private async Task GiveUpWaitingAsync(BridgeLeg command)
    {
        await Task.Delay(MediaWait);
        if (_awaitingMedia.TryRemove(new KeyValuePair<Guid, BridgeLeg>(command.CallId, command)))
        {
            _reports.Report(new LegLeft(Guid.NewGuid(), command.LegId, "no_media", false));
        }
    }

    private void Kick(Guid roomId, Guid legId, string reason, Room? room = null)
    {
        room ??= FindRoom(roomId);
        var leg = room?.Remove(legId);
        if (leg is null)
        {
            // Not bridged (still waiting for media, already hung up, or a repeat): the control plane still needs its answer.
            foreach (var waiting in _awaitingMedia.Where(w => w.Value.LegId == legId))
            {
                _awaitingMedia.TryRemove(waiting);
            }
            _reports.Report(new LegLeft(Guid.NewGuid(), legId, reason, false));
            return;
        }
        _liveness.TryRemove(legId, out _);
        if (_sessions.TryGetValue(leg.CallId, out var session))
        {
            // A SIP call outlives the bridge: it goes on to its post_actions and the rest of its actions.
            leg.Ended -= OnLegEnded;
            _reports.Report(new LegLeft(Guid.NewGuid(), legId, reason, true));
            session.LeftBridge(reason);
            return;
        }
        // A WebSocket leg is its own call: leaving the bridge ends it.
        _calls.TryRemove(leg.CallId, out _);
        leg.Ended -= OnLegEnded;
        leg.Close(reason);
        _reports.Report(new LegLeft(Guid.NewGuid(), legId, reason, false));
    }

    private void OnLegEnded(Leg leg, string reason)
    {
        _calls.TryRemove(new KeyValuePair<Guid, Leg>(leg.CallId, leg));
        _awaitingMedia.TryRemove(leg.CallId, out _);
        if (leg.Id != Guid.Empty && FindRoom(leg.RoomId)?.Remove(leg.Id) is not null)
        {
            _liveness.TryRemove(leg.Id, out _);
            _reports.Report(new LegLeft(Guid.NewGuid(), leg.Id, reason, false));
        }
        leg.Dispose();
    }

    private void StartPlay(Play command)
    {
        if (!_rooms.TryGetValue(command.RoomId, out var room))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var clip = await _prompts.LoadAsync(command.Text, command.Language, command.MediaUrl, command.Tone);
                if (command.LegIds is { Length: > 0 })
                {
                    foreach (var id in command.LegIds)
                    {
                        room.Find(id)?.Prompts.Enqueue(clip);
                    }
                }
                else
                {
                    room.Prompts.Enqueue(clip);
                }
                _clock.Wake(room);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _promptFailures);
                _logger.LogWarning("Room {Room}: the prompt could not be played: {Error}", command.RoomId, e.Message);
            }
        });
    }

    /// <summary>Stops what is playing to the room, or to the listed legs.</summary>
    public void StopPlay(Guid roomId, IReadOnlyCollection<Guid> legIds)
    {
        if (FindRoom(roomId) is not { } room)
        {
            return;
        }
        if (legIds.Count == 0)
        {
            room.Prompts.Stop();
        }
        foreach (var id in legIds)
        {
            room.Find(id)?.Prompts.Stop();
        }
    }

    private void StartRecording(StartRecording command)
    {
        if (!_rooms.TryGetValue(command.RoomId, out var room) || room.Recorder?.RecordingId == command.RecordingId)
        {
            return;
        }
        var recorder = new RecordingWriter(command.RoomId, command.RecordingId, command.BlobName, command.MaxDurationSeconds, _recordings, _recordingOptions, _reports, _logger);
        if (!room.StartRecording(recorder))
        {
            _logger.LogWarning("Room {Room} is already recording; recording {Recording} not started", command.RoomId, command.RecordingId);
            _ = recorder.StopAsync();
            return;
        }
        _clock.Wake(room);
    }

    private async Task StopAndRememberAsync(RecordingWriter recorder)
    {
        await recorder.StopAsync();
        _savedRecordings.Add(recorder.RecordingId);
    }

    /// <summary>
    /// A recording that ran on a media host that is gone: its blob is a valid WAV of what was committed
    /// (every commit writes the header for the length so far), so that is what is reported saved.
    /// </summary>
    private async Task ReportCommittedAsync(StopRecording command)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var started = DateTime.UtcNow; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks)))
        {
            try
            {
                long length = 0;
                try
                {
                    length = (await _recordings.GetBlobClient(command.BlobName).GetPropertiesAsync()).Value.ContentLength;
                }
                catch (Azure.RequestFailedException e) when (e.Status == 404)
                {
                }
                var saved = length > WavFile.HeaderBytes;
                var seconds = saved ? (length - WavFile.HeaderBytes) / (double)(AudioFormat.SampleRate * sizeof(short)) : 0;
                _savedRecordings.Add(command.RecordingId);
                _reports.Report(new RecordingSaved(Guid.NewGuid(), command.RoomId, command.RecordingId, saved ? command.BlobName : "", seconds));
                return;
            }
            catch (Azure.RequestFailedException e) when (DateTime.UtcNow - started < _recordingOptions.GiveUpAfter)
            {
                _logger.LogWarning("Recording {Recording}: its file could not be read ({Error}); retrying", command.RecordingId, e.Message);
                await Task.Delay(delay);
            }
        }
    }

    /// <summary>
    /// What this media host has now, for the control plane's reconciliation: its boot id, its rooms,
    /// the legs bridged or asked for, and the calls it carries.
    /// </summary>
    public MediaHostHeartbeat Heartbeat()
    {
        var legs = _rooms.Values.SelectMany(r => r.Legs.Select(l => l.Id))
            .Concat(_awaitingMedia.Values.Select(b => b.LegId))
            .Concat(_sessions.Values.Select(s => s.PendingLegId))
            .Where(id => id != Guid.Empty);
        var calls = _calls.Keys.Concat(_sessions.Keys).Concat(Sip?.CallIds ?? []);
        return new MediaHostHeartbeat(BootId, Started, DateTimeOffset.UtcNow, [.. _rooms.Keys], [.. legs.Distinct()], [.. calls.Distinct()]);
    }

    /// <summary>
    /// A call about to ask to join (a WebSocket caller): the answer to the control plane's bridge
    /// command when it comes: empty when the leg will be bridged, else why not (<c>no_room</c>).
    /// Call <see cref="ForgetBridge"/> when done waiting.
    /// </summary>
    public Task<string> ExpectBridge(Guid callId) =>
        _bridgeWaiters.GetOrAdd(callId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void ForgetBridge(Guid callId) => _bridgeWaiters.TryRemove(callId, out _);

    /// <summary>A leg whose bridge never came: its participant is told it left, so it does not stay joining.</summary>
    public void GiveUpBridge(Guid legId, string reason) => _reports.Report(new LegLeft(Guid.NewGuid(), legId, reason, false));

    /// <summary>Reports legs whose media stopped (or came back) since the last check; the control plane's health check acts on it.</summary>
    public void CheckLiveness()
    {
        foreach (var room in _rooms.Values)
        {
            foreach (var leg in room.Legs)
            {
                var alive = leg.MediaPaused || leg.SinceAudio < LivenessWindow;
                if (_liveness.TryGetValue(leg.Id, out var was) && was != alive)
                {
                    _liveness[leg.Id] = alive;
                    _reports.Report(new LegLiveness(Guid.NewGuid(), leg.Id, alive));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _rooms.Keys)
        {
            if (FindRoom(id)?.Recorder is { } recorder)
            {
                await recorder.StopAsync();
            }
        }
        _clock.Dispose();
    }
}
