using System.Diagnostics;
using Conference.Media.Audio;
using Conference.Media.Rtp;

namespace Conference.Media.Rooms;

/// <summary>Counts of what a leg refused or repaired, for logs and /v1/stats; written by one thread each, read loosely.</summary>
public sealed class LegCounters
{
    public long PacketsIn;
    public long PacketsOut;
    public long Malformed;
    public long WrongPayloadType;
    public long WrongSize;
    public long Foreign;
    public long SendDropped;
}

/// <summary>
/// One party's media in the confbridge: its audio arrives on its own thread into the jitter buffer,
/// the room's clock pulls one frame per tick and hands back what the party should hear. A leg exists
/// as soon as its media does (keyed by call id); it is bridged into a room under its conferencecall id.
/// </summary>
public abstract class Leg : IDisposable
{
    private readonly Lock _gate = new();
    private readonly JitterBuffer _jitter = new();
    private long _lastAudio;
    private int _ended;

    protected Leg(Guid callId)
    {
        CallId = callId;
    }

    public Guid CallId { get; }

    /// <summary>The conferencecall id once bridged; until then <see cref="Guid.Empty"/>.</summary>
    public Guid Id { get; internal set; }

    public Guid RoomId { get; internal set; }
    public volatile bool Muted;
    public volatile bool Deaf;
    public volatile bool OnHold;

    /// <summary>The far end said it sends nothing for now (SIP hold): its silence is not dead media.</summary>
    public volatile bool MediaPaused;

    public TalkDetector Talk { get; } = new();
    public LegCounters Counters { get; } = new();
    public Playback Prompts { get; } = new();
    public abstract string Kind { get; }

    /// <summary>Raised once when the far end went away (BYE, socket closed), with the reason.</summary>
    public event Action<Leg, string>? Ended;

    /// <summary>A digit arrived (RFC 4733).</summary>
    public event Action<Leg, char, int>? Digit;

    internal readonly short[] Input = new short[AudioFormat.FrameSamples];
    internal readonly short[] Output = new short[AudioFormat.FrameSamples];
    internal bool Contributed;
    internal int HoldPosition;

    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>How long since audio last arrived; <see cref="TimeSpan.MaxValue"/> when none ever did.</summary>
    public TimeSpan SinceAudio
    {
        get
        {
            var last = Volatile.Read(ref _lastAudio);
            return last == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(last);
        }
    }

    public JitterStats Jitter
    {
        get
        {
            lock (_gate)
            {
                return new JitterStats(_jitter.TargetDepth, _jitter.Buffered, _jitter.Late, _jitter.Duplicates, _jitter.Lost, _jitter.Shed, _jitter.Resyncs);
            }
        }
    }

    /// <summary>A 20 ms frame at 16 kHz arrived with its sequence number.</summary>
    protected void Receive(ushort sequence, ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            _jitter.Push(sequence, frame);
        }
        Volatile.Write(ref _lastAudio, Stopwatch.GetTimestamp());
    }

    internal PlayoutKind Pull()
    {
        lock (_gate)
        {
            return _jitter.Pop(Input);
        }
    }

    /// <summary>What the party hears this tick; called on the room's clock thread, must not block.</summary>
    internal abstract void Send(ReadOnlySpan<short> frame);

    protected void RaiseDigit(char digit, int durationMs) => Digit?.Invoke(this, digit, durationMs);

    protected void End(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            Ended?.Invoke(this, reason);
        }
    }

    /// <summary>Hangs the leg up from our side (kick of a call that ends with the leg).</summary>
    public virtual void Close(string reason) => End(reason);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}

public sealed record JitterStats(int TargetDepth, int Buffered, long Late, long Duplicates, long Lost, long Shed, long Resyncs);
