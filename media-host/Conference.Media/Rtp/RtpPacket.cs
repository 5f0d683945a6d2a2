using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>An RTP packet (RFC 3550) read in place: the header fields and where the payload is.</summary>
public readonly ref struct RtpPacket
{
    public const int HeaderBytes = 12;

    public byte PayloadType { get; }
    public bool Marker { get; }
    public ushort SequenceNumber { get; }
    public uint Timestamp { get; }
    public uint Ssrc { get; }
    public ReadOnlySpan<byte> Payload { get; }

    private RtpPacket(byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        PayloadType = payloadType;
        Marker = marker;
        SequenceNumber = sequence;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    /// <summary>
    /// False for anything that is not a whole RTP version 2 packet: too short, CSRC list or header
    /// extension running past the end, padding longer than the payload. RTCP sent to the RTP port
    /// (payload types 72-76 with the marker bit) is refused too.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < HeaderBytes || datagram[0] >> 6 != 2)
        {
            return false;
        }
        var payloadType = (byte)(datagram[1] & 0x7F);
        if (payloadType is >= 72 and <= 76)
        {
            return false;
        }
        var offset = HeaderBytes + 4 * (datagram[0] & 0x0F);
        if ((datagram[0] & 0x10) != 0)
        {
            if (datagram.Length < offset + 4)
            {
                return false;
            }
            offset += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset + 2, 2));
        }
        var end = datagram.Length;
        if ((datagram[0] & 0x20) != 0)
        {
            end -= datagram[^1];
        }
        if (offset > end || end > datagram.Length)
        {
            return false;
        }
        packet = new RtpPacket(payloadType, (datagram[1] & 0x80) != 0, BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]), datagram[offset..end]);
        return true;
    }

    /// <summary>Writes a 12-byte header (no CSRC, no extension) and returns the length written.</summary>
    public static int WriteHeader(Span<byte> destination, byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc)
    {
        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        return HeaderBytes;
    }
}
