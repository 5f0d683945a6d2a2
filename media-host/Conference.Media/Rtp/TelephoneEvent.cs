using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>
/// RFC 4733 telephone events (DTMF). A digit is sent as several packets with one RTP timestamp,
/// the last three with the E bit set; it is reported once, at its first end packet.
/// </summary>
public sealed class TelephoneEvent
{
    public const byte DefaultPayloadType = 101;
    private const string Digits = "0123456789*#ABCD";

    private uint _lastReportedTimestamp;
    private bool _reportedAny;

    /// <summary>The digit and its duration when this payload ends a new event; null otherwise (or when it is malformed).</summary>
    public (char Digit, int DurationMs)? Accept(uint rtpTimestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[0] >= Digits.Length || (payload[1] & 0x80) == 0)
        {
            return null;
        }
        if (_reportedAny && rtpTimestamp == _lastReportedTimestamp)
        {
            return null;
        }
        _reportedAny = true;
        _lastReportedTimestamp = rtpTimestamp;
        var duration = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        return (Digits[payload[0]], duration / 8);
    }

    /// <summary>One RFC 4733 payload (for tests and for sending digits).</summary>
    public static void Write(Span<byte> destination, char digit, bool end, ushort durationSamples, byte volume = 10)
    {
        destination[0] = (byte)Digits.IndexOf(char.ToUpperInvariant(digit));
        destination[1] = (byte)((end ? 0x80 : 0) | (volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], durationSamples);
    }
}
