namespace Conference.Media.Rooms;

/// <summary>
/// Clips queued to a room or a leg, played one after another a frame per tick. Commands enqueue
/// and stop from request threads; the clock reads; a lock keeps the two apart for nanoseconds.
/// </summary>
public sealed class Playback
{
    private readonly Lock _gate = new();
    private readonly Queue<short[]> _queue = new();
    private short[]? _current;
    private int _position;

    public bool IsPlaying => Volatile.Read(ref _current) is not null;

    public void Enqueue(short[] clip)
    {
        lock (_gate)
        {
            if (_current is null)
            {
                _current = clip;
                _position = 0;
            }
            else
            {
                _queue.Enqueue(clip);
            }
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _queue.Clear();
            _current = null;
        }
    }

    /// <summary>Fills <paramref name="frame"/> with the next samples (zero after the end); false when nothing is playing.</summary>
    public bool Read(Span<short> frame)
    {
        if (Volatile.Read(ref _current) is null)
        {
            return false;
        }
        lock (_gate)
        {
            var written = 0;
            while (written < frame.Length && _current is not null)
            {
                var take = Math.Min(frame.Length - written, _current.Length - _position);
                _current.AsSpan(_position, take).CopyTo(frame[written..]);
                written += take;
                _position += take;
                if (_position >= _current.Length)
                {
                    _current = _queue.TryDequeue(out var next) ? next : null;
                    _position = 0;
                }
            }
            frame[written..].Clear();
            return written > 0;
        }
    }

    /// <summary>Copies a looping clip into <paramref name="frame"/> from <paramref name="position"/> (hold audio, comfort noise).</summary>
    public static void Loop(short[] clip, ref int position, Span<short> frame)
    {
        if (clip.Length == 0)
        {
            frame.Clear();
            return;
        }
        var written = 0;
        while (written < frame.Length)
        {
            position %= clip.Length;
            var take = Math.Min(frame.Length - written, clip.Length - position);
            clip.AsSpan(position, take).CopyTo(frame[written..]);
            written += take;
            position += take;
        }
    }
}
