using System.Buffers.Binary;
using System.Diagnostics;
using Conference.Media.Audio;

namespace Conference.Tests.Support;

/// <summary>The real audio tools (sox, ffmpeg, espeak-ng) the scripts install, and signal measures for checking what a leg heard.</summary>
public static class AudioTools
{
    public static string Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {errors}");
        }
        return output.Result;
    }

    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"conference-{Guid.NewGuid():N}{extension}");

    /// <summary>Writes 16 kHz mono samples as a WAV file and returns its path.</summary>
    public static string WriteWav(short[] samples)
    {
        var path = TempFile(".wav");
        File.WriteAllBytes(path, WavFile.Write(samples));
        return path;
    }

    /// <summary>A WAV's duration as sox reads it from the header (sox refuses a broken one).</summary>
    public static double SoxSeconds(byte[] file)
    {
        var path = TempFile(".wav");
        File.WriteAllBytes(path, file);
        return double.Parse(Run("sox", "--i", "-D", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The samples of a 16-bit mono WAV at its own rate (no resampling).</summary>
    public static short[] ReadPcm16(string path) => ReadPcm16(File.ReadAllBytes(path));

    public static short[] ReadPcm16(byte[] file)
    {
        var data = FindChunk(file, "data");
        var samples = new short[data.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data.Slice(2 * i));
        }
        return samples;
    }

    public static ReadOnlySpan<byte> FindChunk(byte[] file, string id)
    {
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 4));
            if (System.Text.Encoding.ASCII.GetString(file, position, 4) == id)
            {
                return file.AsSpan(position + 8, Math.Min(size, file.Length - position - 8));
            }
            position += 8 + size + (size & 1);
        }
        throw new InvalidOperationException($"No {id} chunk.");
    }

    /// <summary>Power of one frequency in a signal (Goertzel), normalised by length.</summary>
    public static double Power(ReadOnlySpan<short> samples, double hertz, int rate = AudioFormat.SampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * hertz / rate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        var power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / Math.Max(1, samples.Length) / Math.Max(1, samples.Length);
    }

    /// <summary>Speech from espeak-ng as an 8 kHz mono 16-bit WAV, followed by <paramref name="silence"/> seconds of silence.</summary>
    public static string Speech(string text, double silence = 0)
    {
        var spoken = TempFile(".wav");
        var path = TempFile(".wav");
        Run("espeak-ng", "-w", spoken, "--", text);
        Run("sox", spoken, "-r", "8000", "-c", "1", "-b", "16", path, "pad", "0", silence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Delete(spoken);
        return path;
    }

    /// <summary>Root mean square of a signal.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }
        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    /// <summary>The <paramref name="length"/> samples of a signal with the most energy.</summary>
    public static ReadOnlySpan<short> LoudestWindow(ReadOnlySpan<short> samples, int length)
    {
        var best = 0;
        var bestEnergy = -1.0;
        for (var start = 0; start + length <= samples.Length; start += length / 4)
        {
            var energy = Rms(samples.Slice(start, length));
            if (energy > bestEnergy)
            {
                (best, bestEnergy) = (start, energy);
            }
        }
        return samples.Slice(best, Math.Min(length, samples.Length));
    }

    /// <summary>
    /// The highest normalised cross-correlation (−1..1) of <paramref name="window"/> with any stretch of
    /// <paramref name="source"/> of its length: about 1 when the window is the source passed through
    /// G.711 and a mixer, whatever the delay; near 0 for unrelated sound. Computed with an FFT.
    /// </summary>
    public static double BestCorrelation(ReadOnlySpan<short> window, ReadOnlySpan<short> source)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(window.Length + source.Length));
        var s = new System.Numerics.Complex[size];
        var w = new System.Numerics.Complex[size];
        for (var i = 0; i < source.Length; i++)
        {
            s[i] = source[i];
        }
        double windowEnergy = 0;
        for (var i = 0; i < window.Length; i++)
        {
            w[i] = window[i];
            windowEnergy += (double)window[i] * window[i];
        }
        Fft(s, inverse: false);
        Fft(w, inverse: false);
        for (var k = 0; k < size; k++)
        {
            s[k] *= System.Numerics.Complex.Conjugate(w[k]);
        }
        Fft(s, inverse: true);
        // s[lag] is now size × Σ source[i + lag]·window[i]; the source's energy under the window comes from a running sum.
        var energy = new double[source.Length + 1];
        for (var i = 0; i < source.Length; i++)
        {
            energy[i + 1] = energy[i] + (double)source[i] * source[i];
        }
        var best = 0.0;
        for (var lag = 0; lag + window.Length <= source.Length; lag++)
        {
            var under = energy[lag + window.Length] - energy[lag];
            if (under > 0 && windowEnergy > 0)
            {
                best = Math.Max(best, s[lag].Real / size / Math.Sqrt(under * windowEnergy));
            }
        }
        return best;
    }

    /// <summary>In-place iterative radix-2 FFT (unscaled both ways).</summary>
    private static void Fft(System.Numerics.Complex[] data, bool inverse)
    {
        var n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }
            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = 2 * Math.PI / length * (inverse ? 1 : -1);
            var step = new System.Numerics.Complex(Math.Cos(angle), Math.Sin(angle));
            for (var start = 0; start < n; start += length)
            {
                var twiddle = System.Numerics.Complex.One;
                for (var k = 0; k < length / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + length / 2] * twiddle;
                    data[start + k] = even + odd;
                    data[start + k + length / 2] = even - odd;
                    twiddle *= step;
                }
            }
        }
    }
}
