using System.Buffers.Binary;
using System.Text;

namespace Conference.Media.Audio;

/// <summary>A WAV that cannot be played: not RIFF/WAVE, not PCM, or cut short.</summary>
public sealed class InvalidAudioException(string message) : Exception(message);

/// <summary>RIFF WAVE: reading PCM of any common rate into the mixer's format, and the 44-byte header recordings start with.</summary>
public static class WavFile
{
    public const int HeaderBytes = 44;

    /// <summary>Reads 8- or 16-bit PCM, mono or stereo, any rate, as 16 kHz mono samples.</summary>
    public static short[] ReadForMixer(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidAudioException("Not a RIFF/WAVE file.");
        }
        int channels = 0, rate = 0, bits = 0;
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 4, 4));
            var body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > file.Length)
                {
                    throw new InvalidAudioException("The fmt chunk is cut short.");
                }
                var format = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(body + 2, 2));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(body + 14, 2));
                const ushort Pcm = 1, Extensible = 0xFFFE;
                var isPcm = format == Pcm || (format == Extensible && size >= 26 && body + 26 <= file.Length && BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(body + 24, 2)) == Pcm);
                if (!isPcm)
                {
                    throw new InvalidAudioException($"The WAV is not PCM (format {format}).");
                }
                if (bits is not (8 or 16) || channels is < 1 or > 2 || rate is < 4_000 or > 192_000)
                {
                    throw new InvalidAudioException($"Unsupported PCM: {bits}-bit, {channels} channels, {rate} Hz.");
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (rate == 0)
                {
                    throw new InvalidAudioException("The data chunk comes before the fmt chunk.");
                }
                // A streamed WAV may say 0 or 0xFFFFFFFF: take what is there.
                var available = file.Length - body;
                var length = size == 0 || size > (uint)available ? available : (int)size;
                return ToMixer(file.Slice(body, length), channels, rate, bits);
            }
            position = body + (int)Math.Min(size + (size & 1), int.MaxValue - body);
        }
        throw new InvalidAudioException("The WAV has no data chunk.");
    }

    private static short[] ToMixer(ReadOnlySpan<byte> data, int channels, int rate, int bits)
    {
        var bytesPerFrame = channels * bits / 8;
        var frames = data.Length / bytesPerFrame;
        var mono = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            var total = 0;
            for (var c = 0; c < channels; c++)
            {
                var offset = i * bytesPerFrame + c * bits / 8;
                total += bits == 16 ? BinaryPrimitives.ReadInt16LittleEndian(data.Slice(offset, 2)) : (data[offset] - 128) << 8;
            }
            mono[i] = (short)(total / channels);
        }
        return Resampler.ToMixerRate(mono, rate);
    }

    /// <summary>The canonical 44-byte header of a 16 kHz mono 16-bit PCM file holding <paramref name="dataBytes"/>.</summary>
    public static byte[] Header(long dataBytes)
    {
        var header = new byte[HeaderBytes];
        var span = header.AsSpan();
        var data = (uint)Math.Min(dataBytes, uint.MaxValue - 36);
        Encoding.ASCII.GetBytes("RIFF", span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 36 + data);
        Encoding.ASCII.GetBytes("WAVEfmt ", span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], AudioFormat.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], AudioFormat.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        Encoding.ASCII.GetBytes("data", span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], data);
        return header;
    }

    /// <summary>A whole 16 kHz mono file (tests, prompts written to disk).</summary>
    public static byte[] Write(ReadOnlySpan<short> samples)
    {
        var file = new byte[HeaderBytes + samples.Length * 2];
        Header(samples.Length * 2L).CopyTo(file, 0);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(HeaderBytes + 2 * i), samples[i]);
        }
        return file;
    }
}
