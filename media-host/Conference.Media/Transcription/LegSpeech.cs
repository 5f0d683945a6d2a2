using System.Buffers;
using Conference.Media.Audio;

namespace Conference.Media.Transcription;

/// <summary>
/// Cuts one leg's audio into utterances on the room's clock thread: while the talk detector says the
/// leg is talking (and it is heard: not muted, not held), its frames are copied into a pooled buffer,
/// after the last <see cref="PreRollFrames"/> frames from before the detector fired (it fires a few
/// frames into a word). The turn ends when talking stops (after the detector's 800 ms hangover), when
/// the leg is muted or held, or at <see cref="MaxFrames"/>. No allocation per frame: one buffer is
/// rented per utterance.
/// </summary>
internal sealed class LegSpeech
{
    public const int PreRollFrames = 15;
    public const int MaxFrames = 20 * 50;
    private readonly short[] _preRoll = new short[PreRollFrames * AudioFormat.FrameSamples];
    private int _preRollNext;
    private int _preRollCount;
    private short[]? _buffer;
    private int _length;
    private DateTimeOffset _started;

    public Guid LegId { get; }

    public LegSpeech(Guid legId)
    {
        LegId = legId;
    }

    /// <summary>One tick's frame; returns a finished utterance's audio when a turn ended on this frame.</summary>
    public (short[] Samples, int Length, DateTimeOffset Started)? Feed(ReadOnlySpan<short> frame, bool speaking, DateTimeOffset now)
    {
        if (speaking)
        {
            if (_buffer is null)
            {
                Begin(now);
            }
            frame.CopyTo(_buffer.AsSpan(_length));
            _length += frame.Length;
            return _length >= MaxFrames * AudioFormat.FrameSamples ? Finish() : null;
        }
        frame.CopyTo(_preRoll.AsSpan(_preRollNext * AudioFormat.FrameSamples));
        _preRollNext = (_preRollNext + 1) % PreRollFrames;
        _preRollCount = Math.Min(PreRollFrames, _preRollCount + 1);
        return _buffer is null ? null : Finish();
    }

    /// <summary>The turn in progress, cut now (transcription stopped); null when the leg is quiet.</summary>
    public (short[] Samples, int Length, DateTimeOffset Started)? Flush() => _buffer is null ? null : Finish();

    private void Begin(DateTimeOffset now)
    {
        _buffer = ArrayPool<short>.Shared.Rent((MaxFrames + PreRollFrames) * AudioFormat.FrameSamples);
        _length = 0;
        var oldest = (_preRollNext - _preRollCount + PreRollFrames) % PreRollFrames;
        for (var i = 0; i < _preRollCount; i++)
        {
            var frame = (oldest + i) % PreRollFrames;
            _preRoll.AsSpan(frame * AudioFormat.FrameSamples, AudioFormat.FrameSamples).CopyTo(_buffer.AsSpan(_length));
            _length += AudioFormat.FrameSamples;
        }
        _started = now - TimeSpan.FromMilliseconds(_preRollCount * AudioFormat.FrameMilliseconds);
        _preRollCount = 0;
    }

    private (short[] Samples, int Length, DateTimeOffset Started) Finish()
    {
        var done = (_buffer!, _length, _started);
        _buffer = null;
        _length = 0;
        return done;
    }
}
