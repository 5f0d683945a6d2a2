using System.Net;
using System.Net.Sockets;
using Conference.Media.Audio;
using Conference.Media.Rooms;

namespace Conference.Media.Rtp;

/// <summary>
/// A G.711 leg over RTP/UDP on its own port. Symmetric RTP: it sends to the address it was given
/// until the first packet arrives, then to wherever that packet came from; packets from any other
/// address afterwards are counted and dropped (a flood from a stranger costs a compare each).
/// Accepts 20 ms frames of its payload type and RFC 4733 digits; anything else is counted and dropped.
/// </summary>
public sealed class RtpLeg : Leg
{
    private readonly Socket _socket;
    private readonly SocketAddress _remote;
    private readonly byte[] _transmit = new byte[RtpPacket.HeaderBytes + AudioFormat.NarrowbandFrameSamples];
    private readonly short[] _narrow = new short[AudioFormat.NarrowbandFrameSamples];
    private readonly TelephoneEvent _digits = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private bool _hasRemote;
    private bool _latched;
    private ushort _sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
    private uint _timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue);
    private short _previous;

    public RtpLeg(Guid callId, Socket socket, byte payloadType, IPEndPoint? remote, byte telephoneEventType = TelephoneEvent.DefaultPayloadType) : base(callId)
    {
        if (!G711.IsSupported(payloadType))
        {
            throw new ArgumentException($"Payload type {payloadType} is not G.711 (0 or 8).", nameof(payloadType));
        }
        _socket = socket;
        PayloadType = payloadType;
        TelephoneEventType = telephoneEventType;
        _remote = new SocketAddress(socket.AddressFamily);
        if (remote is not null)
        {
            remote.Serialize().Buffer.Span.CopyTo(_remote.Buffer.Span);
            _hasRemote = true;
        }
        Receiving = Task.Run(ReceiveAsync);
    }

    public byte PayloadType { get; }
    public byte TelephoneEventType { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;
    public override string Kind => "rtp";
    public Task Receiving { get; }

    private async Task ReceiveAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(2048, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from the far end surfaces here on Linux; keep listening.
                continue;
            }
            if (_latched && !from.Equals(_remote))
            {
                Interlocked.Increment(ref Counters.Foreign);
                continue;
            }
            if (Accept(buffer.AsSpan(0, length)) && !_latched)
            {
                from.Buffer.Span.CopyTo(_remote.Buffer.Span);
                _remote.Size = from.Size;
                _hasRemote = _latched = true;
            }
        }
    }

    /// <summary>Takes one datagram; true when it was valid RTP for this leg.</summary>
    private bool Accept(ReadOnlySpan<byte> datagram)
    {
        if (!RtpPacket.TryParse(datagram, out var packet))
        {
            Interlocked.Increment(ref Counters.Malformed);
            return false;
        }
        if (packet.PayloadType == TelephoneEventType)
        {
            if (_digits.Accept(packet.Timestamp, packet.Payload) is { } digit)
            {
                RaiseDigit(digit.Digit, digit.DurationMs);
            }
            return true;
        }
        if (packet.PayloadType != PayloadType)
        {
            Interlocked.Increment(ref Counters.WrongPayloadType);
            return false;
        }
        if (packet.Payload.Length == AudioFormat.NarrowbandFrameSamples)
        {
            Interlocked.Increment(ref Counters.PacketsIn);
            ReceiveFrame(packet.SequenceNumber, packet.Payload);
            return true;
        }
        if (packet.Payload.Length % TenMilliseconds != 0 || packet.Payload.Length > MaxPacketSamples)
        {
            Interlocked.Increment(ref Counters.WrongSize);
            return false;
        }
        Interlocked.Increment(ref Counters.PacketsIn);
        Assemble(packet.Timestamp, packet.Payload);
        return true;
    }

    private const int TenMilliseconds = AudioFormat.NarrowbandFrameSamples / 2;
    private const int MaxPacketSamples = 6 * TenMilliseconds;
    private readonly byte[] _assembly = new byte[AudioFormat.NarrowbandFrameSamples];
    private int _assembled;
    private uint _assemblyTimestamp;
    private uint _firstTimestamp;
    private bool _assembling;

    /// <summary>
    /// Any other ptime (10, 30, 40, 50, 60 ms): the samples are cut into 20 ms frames along the RTP
    /// timestamp, and each frame is numbered by its timestamp, so a lost packet is a gap the jitter
    /// buffer conceals. A packet that does not continue the last one restarts the frame being built.
    /// </summary>
    private void Assemble(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (!_assembling)
        {
            _firstTimestamp = timestamp;
            _assembling = true;
        }
        if (_assembled > 0 && timestamp != _assemblyTimestamp + (uint)_assembled)
        {
            _assembled = 0;
        }
        if (_assembled == 0)
        {
            _assemblyTimestamp = timestamp;
        }
        while (payload.Length > 0)
        {
            var take = Math.Min(payload.Length, _assembly.Length - _assembled);
            payload[..take].CopyTo(_assembly.AsSpan(_assembled));
            _assembled += take;
            payload = payload[take..];
            if (_assembled == _assembly.Length)
            {
                ReceiveFrame((ushort)((_assemblyTimestamp - _firstTimestamp) / AudioFormat.NarrowbandFrameSamples), _assembly);
                _assemblyTimestamp += (uint)_assembly.Length;
                _assembled = 0;
            }
        }
    }

    private void ReceiveFrame(ushort sequence, ReadOnlySpan<byte> encoded)
    {
        Span<short> narrow = stackalloc short[AudioFormat.NarrowbandFrameSamples];
        Span<short> wide = stackalloc short[AudioFormat.FrameSamples];
        G711.Decode(PayloadType, encoded, narrow);
        Resampler.Upsample2(narrow, wide, ref _previous);
        Receive(sequence, wide);
    }

    internal override void Send(ReadOnlySpan<short> frame)
    {
        if (!_hasRemote)
        {
            return;
        }
        Resampler.Downsample2(frame, _narrow);
        var header = RtpPacket.WriteHeader(_transmit, PayloadType, false, _sequence++, _timestamp, _ssrc);
        _timestamp += AudioFormat.NarrowbandFrameSamples;
        G711.Encode(PayloadType, _narrow, _transmit.AsSpan(header));
        try
        {
            _socket.SendTo(_transmit, SocketFlags.None, _remote);
            Counters.PacketsOut++;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // ObjectDisposedException: the call ended while this tick was sending to it.
            Counters.SendDropped++;
        }
    }

    public override void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        base.Dispose();
    }
}
