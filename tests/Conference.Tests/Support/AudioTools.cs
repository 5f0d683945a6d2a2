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
}
