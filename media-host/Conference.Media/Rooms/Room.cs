using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Recording;
using Conference.Media.Reports;
using Conference.Media.Transcription;

namespace Conference.Media.Rooms;

/// <summary>
/// A conference's mix. Each tick: pull one frame from every leg, sum the unmuted, non-held legs
/// with audio once in 32 bits (plus room prompts and comfort noise), record the saturated sum,
/// then give each listener the sum minus its own frame: silence when deaf, hold audio when held,
/// and its own prompts on top. Linear in legs; no allocation per tick. Legs change on request
/// threads by swapping the array the clock reads.
/// </summary>
public sealed class Room
{
    private static readonly short[] NoiseClip = Tones.ComfortNoise();
    private readonly Lock _gate = new();
    private readonly IReportSink _reports;
    private readonly int[] _sum = new int[AudioFormat.FrameSamples];
    private readonly short[] _mix = new short[AudioFormat.FrameSamples];
    private readonly short[] _prompt = new short[AudioFormat.FrameSamples];
    private Leg[] _legs = [];
    private int _noisePosition;
    private Guid _floor;

    public Room(Guid id, bool comfortNoise, short[] holdAudio, IReportSink reports)
    {
        Id = id;
        ComfortNoise = comfortNoise;
        HoldAudio = holdAudio;
        _reports = reports;
    }

    public Guid Id { get; }
    public bool ComfortNoise { get; }
    public volatile short[] HoldAudio;
    public Playback Prompts { get; } = new();
    public long Ticks { get; private set; }
    public Guid FloorHolder => _floor;
    public IReadOnlyList<Leg> Legs => Volatile.Read(ref _legs);

    private RecordingWriter? _recorder;
    public RecordingWriter? Recorder => Volatile.Read(ref _recorder);

    private RoomTranscription? _transcription;
    public RoomTranscription? Transcription => Volatile.Read(ref _transcription);

    /// <summary>Set by the clock that ticks this room; the clock clears it when the room goes idle.</summary>
    internal bool Scheduled;

    /// <summary>Nothing to do: no legs, no recording, no prompt. The clock drops an idle room.</summary>
    public bool IsIdle => Volatile.Read(ref _legs).Length == 0 && Recorder is null && !Prompts.IsPlaying;

    public void Add(Leg leg)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_legs, leg) < 0)
            {
                leg.RoomId = Id;
                leg.Talk.Reset();
                Volatile.Write(ref _legs, [.. _legs, leg]);
            }
        }
    }

    public Leg? Find(Guid legId) => Array.Find(Volatile.Read(ref _legs), l => l.Id == legId);

    public Leg? Remove(Guid legId)
    {
        lock (_gate)
        {
            var leg = Array.Find(_legs, l => l.Id == legId);
            if (leg is not null)
            {
                Volatile.Write(ref _legs, _legs.Where(l => l != leg).ToArray());
                Transcription?.Forget(legId);
            }
            return leg;
        }
    }

    /// <summary>Starts a recording unless one is running; false when one is.</summary>
    public bool StartRecording(RecordingWriter recorder) => Interlocked.CompareExchange(ref _recorder, recorder, null) is null;

    /// <summary>Detaches the running recording (the caller finishes it).</summary>
    public RecordingWriter? TakeRecording(Guid recordingId)
    {
        var current = Recorder;
        return current is not null && current.RecordingId == recordingId && Interlocked.CompareExchange(ref _recorder, null, current) == current ? current : null;
    }

    /// <summary>Starts transcribing each leg unless a transcription runs; false when one does.</summary>
    public bool StartTranscription(RoomTranscription transcription) => Interlocked.CompareExchange(ref _transcription, transcription, null) is null;

    /// <summary>Stops the running transcription (any when <paramref name="transcribeId"/> is empty); turns in progress are still transcribed.</summary>
    public void StopTranscription(Guid transcribeId)
    {
        var current = Transcription;
        if (current is not null && (transcribeId == Guid.Empty || current.TranscribeId == transcribeId)
            && Interlocked.CompareExchange(ref _transcription, null, current) == current)
        {
            current.Stop();
        }
    }

    public void Tick()
    {
        Ticks++;
        var legs = Volatile.Read(ref _legs);
        var transcription = Transcription;
        var sum = _sum.AsSpan();
        sum.Clear();
        var talkChanged = false;
        foreach (var leg in legs)
        {
            var kind = leg.Pull();
            var heard = kind != Rtp.PlayoutKind.Silence;
            if (leg.Talk.Update(heard ? TalkDetector.MeanAbsolute(leg.Input) : 0))
            {
                talkChanged = true;
                _reports.Report(new Talking(Guid.NewGuid(), Id, leg.Id, leg.Talk.IsTalking, leg.Talk.EnergyLevel));
            }
            transcription?.Feed(leg, heard, Ticks);
            leg.Contributed = heard && !leg.Muted && !leg.OnHold;
            if (leg.Contributed)
            {
                Mixer.Accumulate(sum, leg.Input);
            }
        }
        if (Prompts.Read(_prompt))
        {
            Mixer.Accumulate(sum, _prompt);
        }
        if (ComfortNoise)
        {
            Playback.Loop(NoiseClip, ref _noisePosition, _prompt);
            Mixer.Accumulate(sum, _prompt);
        }
        var recorder = Recorder;
        if (recorder is not null)
        {
            Mixer.Saturate(sum, _mix);
            if (!recorder.Append(_mix))
            {
                // The recording reached its duration and finished itself.
                Interlocked.CompareExchange(ref _recorder, null, recorder);
            }
        }
        foreach (var leg in legs)
        {
            var output = leg.Output.AsSpan();
            if (leg.Deaf)
            {
                output.Clear();
            }
            else if (leg.OnHold)
            {
                Playback.Loop(HoldAudio, ref leg.HoldPosition, output);
            }
            else if (leg.Contributed)
            {
                Mixer.MixMinus(sum, leg.Input, output);
            }
            else
            {
                Mixer.Saturate(sum, output);
            }
            if (leg.Prompts.Read(_prompt))
            {
                Mixer.AddSaturating(output, _prompt);
            }
            leg.Send(output);
        }
        if (talkChanged || (_floor != Guid.Empty && !Holds(legs, _floor)))
        {
            var floor = Floor.Decide(_floor, legs);
            if (floor != _floor)
            {
                _floor = floor;
                _reports.Report(new FloorChanged(Guid.NewGuid(), Id, floor));
            }
        }
    }

    /// <summary>A plain loop: a lambda over <c>_floor</c> would allocate a closure every tick.</summary>
    private static bool Holds(Leg[] legs, Guid legId)
    {
        foreach (var leg in legs)
        {
            if (leg.Id == legId)
            {
                return true;
            }
        }
        return false;
    }
}
