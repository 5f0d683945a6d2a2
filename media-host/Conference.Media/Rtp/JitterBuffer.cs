using Conference.Media.Audio;

namespace Conference.Media.Rtp;

/// <summary>What <see cref="JitterBuffer.Pop"/> produced for this tick.</summary>
public enum PlayoutKind
{
    /// <summary>Nothing to play: not started, refilling after an underrun, or the leg is silent.</summary>
    Silence,
    /// <summary>The frame that was due.</summary>
    Audio,
    /// <summary>The due frame was lost: the last one again, faded.</summary>
    Concealed,
}

/// <summary>
/// A per-leg jitter buffer of 16 kHz frames keyed by RTP sequence number. It waits for
/// <see cref="TargetDepth"/> frames before playing, plays one frame per tick, drops late and
/// duplicate packets, conceals a lost frame by repeating the last one at half level (then silence),
/// and never lets delay grow: when more than <see cref="TargetDepth"/> + 2 frames wait it sheds the
/// oldest, and a packet too far ahead resynchronises the buffer on it. The target rises by a frame
/// on each late packet and falls back after 10 s without one. Not thread-safe: the leg serialises
/// the receive side and the clock.
/// </summary>
public sealed class JitterBuffer
{
    public const int Capacity = 16;
    public const int MinDepth = 1;
    public const int MaxDepth = 6;
    private const int TicksToRelax = 500;
    private const int ConcealLimit = 3;

    private readonly short[][] _frames = new short[Capacity][];
    private readonly ushort[] _sequences = new ushort[Capacity];
    private readonly bool[] _filled = new bool[Capacity];
    private readonly short[] _last = new short[AudioFormat.FrameSamples];
    private bool _started;
    private bool _refilling = true;
    private ushort _next;
    private int _count;
    private int _concealed;
    private int _ticksSinceLate;

    public JitterBuffer(int targetDepth = 2)
    {
        for (var i = 0; i < Capacity; i++)
        {
            _frames[i] = new short[AudioFormat.FrameSamples];
        }
        TargetDepth = Math.Clamp(targetDepth, MinDepth, MaxDepth);
    }

    public int TargetDepth { get; private set; }
    public int Buffered => _count;
    public long Late { get; private set; }
    public long Duplicates { get; private set; }
    public long Lost { get; private set; }
    public long Shed { get; private set; }
    public long Resyncs { get; private set; }

    public void Push(ushort sequence, ReadOnlySpan<short> frame)
    {
        if (!_started)
        {
            _started = true;
            _next = sequence;
        }
        var ahead = (short)(sequence - _next);
        if (ahead < 0)
        {
            Late++;
            _ticksSinceLate = 0;
            TargetDepth = Math.Min(MaxDepth, TargetDepth + 1);
            return;
        }
        if (ahead >= Capacity)
        {
            Resyncs++;
            Array.Clear(_filled);
            _count = 0;
            _next = sequence;
            _refilling = true;
        }
        var slot = sequence % Capacity;
        if (_filled[slot])
        {
            Duplicates++;
            return;
        }
        frame.CopyTo(_frames[slot]);
        _sequences[slot] = sequence;
        _filled[slot] = true;
        _count++;
    }

    public PlayoutKind Pop(Span<short> destination)
    {
        if (++_ticksSinceLate >= TicksToRelax)
        {
            _ticksSinceLate = 0;
            TargetDepth = Math.Max(MinDepth, TargetDepth - 1);
        }
        if (_refilling)
        {
            if (_count < TargetDepth)
            {
                destination.Clear();
                return PlayoutKind.Silence;
            }
            _refilling = false;
        }
        if (_count == 0)
        {
            // Underrun: the leg went quiet or the network stalled. Wait for a full buffer again
            // rather than running ahead of packets that may still come.
            _refilling = true;
            return Conceal(destination);
        }
        var slot = _next % Capacity;
        PlayoutKind kind;
        if (_filled[slot] && _sequences[slot] == _next)
        {
            _frames[slot].CopyTo(destination);
            _frames[slot].CopyTo(_last.AsSpan());
            _filled[slot] = false;
            _count--;
            _concealed = 0;
            kind = PlayoutKind.Audio;
        }
        else
        {
            Lost++;
            kind = Conceal(destination);
        }
        _next++;
        while (_count > TargetDepth + 2)
        {
            DropOldest();
        }
        return kind;
    }

    private PlayoutKind Conceal(Span<short> destination)
    {
        if (_concealed >= ConcealLimit)
        {
            destination.Clear();
            return PlayoutKind.Silence;
        }
        _concealed++;
        for (var i = 0; i < _last.Length; i++)
        {
            _last[i] = (short)(_last[i] >> 1);
        }
        _last.CopyTo(destination);
        return PlayoutKind.Concealed;
    }

    private void DropOldest()
    {
        for (var step = 0; step < Capacity; step++, _next++)
        {
            var slot = _next % Capacity;
            if (_filled[slot] && _sequences[slot] == _next)
            {
                _filled[slot] = false;
                _count--;
                _next++;
                Shed++;
                return;
            }
        }
    }
}
