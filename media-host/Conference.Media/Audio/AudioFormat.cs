namespace Conference.Media.Audio;

/// <summary>The mixer's one internal format: 16 kHz mono 16-bit, 20 ms frames.</summary>
public static class AudioFormat
{
    public const int SampleRate = 16_000;
    public const int FrameMilliseconds = 20;
    public const int FrameSamples = SampleRate * FrameMilliseconds / 1000;

    /// <summary>G.711's rate and a 20 ms G.711 frame (one byte per sample).</summary>
    public const int NarrowbandRate = 8_000;
    public const int NarrowbandFrameSamples = NarrowbandRate * FrameMilliseconds / 1000;

    public const int FrameBytes = FrameSamples * sizeof(short);
}
