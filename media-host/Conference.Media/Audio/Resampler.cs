namespace Conference.Media.Audio;

/// <summary>Rate conversion: the fixed 2:1 steps between G.711 and the mixer, and any rate to 16 kHz for prompts.</summary>
public static class Resampler
{
    /// <summary>8 kHz → 16 kHz by linear interpolation; <paramref name="previous"/> carries the last input sample across frames.</summary>
    public static void Upsample2(ReadOnlySpan<short> narrow, Span<short> wide, ref short previous)
    {
        var last = (int)previous;
        for (var i = 0; i < narrow.Length; i++)
        {
            int current = narrow[i];
            wide[2 * i] = (short)((last + current) >> 1);
            wide[2 * i + 1] = (short)current;
            last = current;
        }
        previous = (short)last;
    }

    /// <summary>16 kHz → 8 kHz, averaging each pair (a two-tap low-pass before dropping every other sample).</summary>
    public static void Downsample2(ReadOnlySpan<short> wide, Span<short> narrow)
    {
        for (var i = 0; i < narrow.Length; i++)
        {
            narrow[i] = (short)((wide[2 * i] + wide[2 * i + 1]) >> 1);
        }
    }

    /// <summary>
    /// A whole clip from <paramref name="rate"/> to 16 kHz: linear interpolation going up, the mean of
    /// each output sample's input window going down (so 44.1/48 kHz prompts do not alias badly).
    /// Runs once per prompt, never per frame.
    /// </summary>
    public static short[] ToMixerRate(ReadOnlySpan<short> samples, int rate)
    {
        if (rate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate));
        }
        if (rate == AudioFormat.SampleRate)
        {
            return samples.ToArray();
        }
        var length = (int)((long)samples.Length * AudioFormat.SampleRate / rate);
        var output = new short[length];
        var step = (double)rate / AudioFormat.SampleRate;
        for (var i = 0; i < length; i++)
        {
            var position = i * step;
            if (step > 1)
            {
                var start = (int)position;
                var end = Math.Min(samples.Length, (int)(position + step));
                long total = 0;
                for (var j = start; j < end; j++)
                {
                    total += samples[j];
                }
                output[i] = (short)(total / Math.Max(1, end - start));
            }
            else
            {
                var index = (int)position;
                var fraction = position - index;
                var next = index + 1 < samples.Length ? samples[index + 1] : samples[index];
                output[i] = (short)Math.Round(samples[index] + (next - samples[index]) * fraction);
            }
        }
        return output;
    }
}
