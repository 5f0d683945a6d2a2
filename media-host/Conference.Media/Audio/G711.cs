namespace Conference.Media.Audio;

/// <summary>
/// ITU-T G.711 µ-law and A-law, by table: 256 entries to decode, 64 Ki to encode, so each
/// sample is one load either way.
/// </summary>
public static class G711
{
    public const byte PayloadTypeUlaw = 0;
    public const byte PayloadTypeAlaw = 8;

    private static readonly short[] UlawDecode = new short[256];
    private static readonly short[] AlawDecode = new short[256];
    private static readonly byte[] UlawEncode = new byte[65536];
    private static readonly byte[] AlawEncode = new byte[65536];

    static G711()
    {
        for (var i = 0; i < 256; i++)
        {
            UlawDecode[i] = UlawToLinear((byte)i);
            AlawDecode[i] = AlawToLinear((byte)i);
        }
        for (var i = 0; i < 65536; i++)
        {
            UlawEncode[i] = LinearToUlaw((short)i);
            AlawEncode[i] = LinearToAlaw((short)i);
        }
    }

    public static bool IsSupported(byte payloadType) => payloadType is PayloadTypeUlaw or PayloadTypeAlaw;

    public static void Decode(byte payloadType, ReadOnlySpan<byte> encoded, Span<short> pcm)
    {
        var table = payloadType == PayloadTypeAlaw ? AlawDecode : UlawDecode;
        for (var i = 0; i < encoded.Length; i++)
        {
            pcm[i] = table[encoded[i]];
        }
    }

    public static void Encode(byte payloadType, ReadOnlySpan<short> pcm, Span<byte> encoded)
    {
        var table = payloadType == PayloadTypeAlaw ? AlawEncode : UlawEncode;
        for (var i = 0; i < pcm.Length; i++)
        {
            encoded[i] = table[(ushort)pcm[i]];
        }
    }

    private const int UlawBias = 0x84;
    private const int Clip = 32635;

    private static byte LinearToUlaw(short sample)
    {
        int value = sample;
        var sign = (value >> 8) & 0x80;
        if (sign != 0)
        {
            value = -value;
        }
        value = Math.Min(value, Clip) + UlawBias;
        var exponent = Segment(value);
        var mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private static short UlawToLinear(byte code)
    {
        int value = (byte)~code;
        var exponent = (value >> 4) & 0x07;
        var magnitude = ((((value & 0x0F) << 3) + UlawBias) << exponent) - UlawBias;
        return (short)((value & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static byte LinearToAlaw(short sample)
    {
        int value = sample;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }
        value = Math.Min(value, Clip);
        int code;
        if (value < 256)
        {
            code = value >> 4;
        }
        else
        {
            var exponent = Math.Max(Segment(value), 1);
            code = (exponent << 4) | ((value >> (exponent + 3)) & 0x0F);
        }
        return (byte)(code ^ mask);
    }

    private static short AlawToLinear(byte code)
    {
        int value = code ^ 0x55;
        var magnitude = (value & 0x0F) << 4;
        var segment = (value & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    /// <summary>The exponent of a biased magnitude: the position of its top bit above bit 7, 0..7.</summary>
    private static int Segment(int value)
    {
        var exponent = 7;
        for (var mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }
        return exponent;
    }
}
