using System.Buffers;

namespace Conference.Media.Transcription;

/// <summary>
/// One turn of one participant, cut by the talk detector: its audio in a pooled buffer (returned by
/// <see cref="Release"/> once transcribed or dropped), whose transcribe it belongs to, when it began
/// and when it ended (for the delay to its transcript).
/// </summary>
public sealed class Utterance
{
    private short[]? _samples;

    internal Utterance(Guid roomId, Guid transcribeId, string language, Guid legId, DateTimeOffset started, short[] samples, int length, long endedTimestamp)
    {
        RoomId = roomId;
        TranscribeId = transcribeId;
        Language = language;
        LegId = legId;
        Started = started;
        _samples = samples;
        Length = length;
        EndedTimestamp = endedTimestamp;
    }

    public Guid RoomId { get; }
    public Guid TranscribeId { get; }
    public string Language { get; }
    public Guid LegId { get; }
    public DateTimeOffset Started { get; }
    public int Length { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> ticks when the turn ended.</summary>
    public long EndedTimestamp { get; }

    public ReadOnlyMemory<short> Audio => _samples.AsMemory(0, Length);

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Length / Conference.Media.Audio.AudioFormat.SampleRate);

    public void Release()
    {
        if (Interlocked.Exchange(ref _samples, null) is { } samples)
        {
            ArrayPool<short>.Shared.Return(samples);
        }
    }
}
