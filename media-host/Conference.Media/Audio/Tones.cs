namespace Conference.Media.Audio;

/// <summary>Tones made in process, at the mixer's rate: beeps for entry/exit, the comfort tone for hold, comfort noise.</summary>
public static class Tones
{
    /// <summary>The named tones <c>play</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["beep", "entry", "exit", "hold", "ring"];

    public static short[] Named(string name) => name.ToLowerInvariant() switch
    {
        "beep" => Sine(1000, 200, 8000),
        "entry" => Concat(Sine(800, 120, 8000), Silence(40), Sine(1200, 120, 8000)),
        "exit" => Concat(Sine(1200, 120, 8000), Silence(40), Sine(800, 120, 8000)),
        "hold" => Concat(Sine(440, 400, 3000), Silence(1600)),
        "ring" => Concat(Dual(440, 480, 2000, 6000), Silence(4000)),
        _ => throw new InvalidAudioException($"Unknown tone '{name}'; known: {string.Join(", ", Names)}."),
    };

    public static short[] Sine(double hertz, int milliseconds, short amplitude) =>
        SineOf(hertz, AudioFormat.SampleRate * milliseconds / 1000, amplitude, AudioFormat.SampleRate);

    /// <summary><paramref name="samples"/> samples of a sine at any rate (G.711 test audio is 8 kHz).</summary>
    public static short[] SineOf(double hertz, int samples, short amplitude, int rate)
    {
        var result = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            result[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * hertz * i / rate));
        }
        return result;
    }

    public static short[] Dual(double first, double second, int milliseconds, short amplitude)
    {
        var a = Sine(first, milliseconds, (short)(amplitude / 2));
        var b = Sine(second, milliseconds, (short)(amplitude / 2));
        Mixer.AddSaturating(a, b);
        return a;
    }

    public static short[] Silence(int milliseconds) => new short[AudioFormat.SampleRate * milliseconds / 1000];

    /// <summary>One second of low-level noise, looped under the mix when a room asks for comfort noise.</summary>
    public static short[] ComfortNoise(int amplitude = 24)
    {
        var random = new Random(7);
        var samples = new short[AudioFormat.SampleRate];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)random.Next(-amplitude, amplitude + 1);
        }
        return samples;
    }

    private static short[] Concat(params short[][] parts) => parts.SelectMany(p => p).ToArray();
}
