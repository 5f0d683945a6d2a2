using Conference.Media.Rooms;

namespace Conference.Media.Transcription;

/// <summary>
/// A room's running transcribe: each leg's speech cut into utterances on the clock thread and handed
/// to the <see cref="TranscriptionWorker"/>, which never blocks the tick (a full backlog drops, counted).
/// </summary>
public sealed class RoomTranscription
{
    private readonly Dictionary<Guid, LegSpeech> _legs = [];
    private readonly TranscriptionWorker _worker;

    // The clock thread feeds; command threads stop and forget. Uncontended almost always.
    private readonly Lock _gate = new();
    private bool _stopped;

    // Media time: the wall clock when the first frame was fed, plus 20 ms per tick since, so turns are
    // placed on the audio's own timeline. Taken again from the wall clock when it falls a second behind
    // (the room went idle with no legs, or its clock skipped ticks).
    private DateTimeOffset _firstFrameAt;
    private long _firstTick = -1;

    public RoomTranscription(Guid roomId, Guid transcribeId, string language, TranscriptionWorker worker)
    {
        RoomId = roomId;
        TranscribeId = transcribeId;
        Language = language;
        _worker = worker;
    }

    public Guid RoomId { get; }
    public Guid TranscribeId { get; }
    public string Language { get; }

    /// <summary>Called by the room's clock thread for every leg every tick, after the talk detector.</summary>
    internal void Feed(Leg leg, bool heard, long tick)
    {
        lock (_gate)
        {
            if (!_stopped && leg.Id != Guid.Empty)
            {
                FeedLocked(leg, heard, tick);
            }
        }
    }

    private void FeedLocked(Leg leg, bool heard, long tick)
    {
        var wall = DateTimeOffset.UtcNow;
        var now = _firstFrameAt + TimeSpan.FromMilliseconds((tick - _firstTick) * Audio.AudioFormat.FrameMilliseconds);
        if (_firstTick < 0 || wall - now > TimeSpan.FromSeconds(1))
        {
            (_firstTick, _firstFrameAt, now) = (tick, wall, wall);
        }
        if (!_legs.TryGetValue(leg.Id, out var speech))
        {
            speech = new LegSpeech(leg.Id);
            _legs[leg.Id] = speech;
        }
        var speaking = heard && leg.Talk.IsTalking && !leg.Muted && !leg.OnHold;
        if (speech.Feed(leg.Input, speaking, now) is { } done)
        {
            Submit(speech.LegId, done);
        }
    }

    /// <summary>A leg left: its turn in progress is transcribed.</summary>
    internal void Forget(Guid legId)
    {
        lock (_gate)
        {
            ForgetLocked(legId);
        }
    }

    private void ForgetLocked(Guid legId)
    {
        if (_legs.Remove(legId, out var speech) && speech.Flush() is { } done)
        {
            Submit(legId, done);
        }
    }

    /// <summary>Transcription stopped: every turn in progress is cut and transcribed (speech from before the stop).</summary>
    internal void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            foreach (var legId in _legs.Keys.ToArray())
            {
                ForgetLocked(legId);
            }
        }
    }

    private void Submit(Guid legId, (short[] Samples, int Length, DateTimeOffset Started) done) =>
        _worker.Submit(new Utterance(RoomId, TranscribeId, Language, legId, done.Started, done.Samples, done.Length, System.Diagnostics.Stopwatch.GetTimestamp()));
}
