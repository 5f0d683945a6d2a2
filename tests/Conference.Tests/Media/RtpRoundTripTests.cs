using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Conference.Media.Audio;
using Conference.Media.Rooms;
using Conference.Media.Rtp;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Media;

/// <summary>Real UDP on loopback: RTP legs in a room on a real clock, and phones played by sockets.</summary>
public sealed class RtpRoundTripTests : IDisposable
{
    private readonly RoomClock _clock = new(NullLogger.Instance, threads: 1);
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _clock.Dispose();
        _disposables.ForEach(d => d.Dispose());
    }

    /// <summary>A phone: a UDP socket that sends a tone as µ-law RTP in real time and keeps what it hears (8 kHz).</summary>
    private sealed class Phone : IDisposable
    {
        public readonly Socket Socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        public readonly List<short> Heard = [];
        private readonly CancellationTokenSource _stop = new();

        public Phone()
        {
            Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _ = Task.Run(ListenAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)Socket.LocalEndPoint!;

        private async Task ListenAsync()
        {
            var buffer = new byte[2048];
            var pcm = new short[AudioFormat.NarrowbandFrameSamples];
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var length = await Socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet) && packet.Payload.Length == pcm.Length)
                    {
                        G711.Decode(packet.PayloadType, packet.Payload, pcm);
                        lock (Heard)
                        {
                            Heard.AddRange(pcm);
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
            }
        }

        public static byte[] Packet(ushort sequence, ReadOnlySpan<short> narrow, byte payloadType = G711.PayloadTypeUlaw)
        {
            var packet = new byte[RtpPacket.HeaderBytes + narrow.Length];
            RtpPacket.WriteHeader(packet, payloadType, false, sequence, (uint)(sequence * narrow.Length), 0x1234);
            G711.Encode(payloadType, narrow, packet.AsSpan(RtpPacket.HeaderBytes));
            return packet;
        }

        public void Dispose()
        {
            _stop.Cancel();
            Socket.Dispose();
        }
    }

    /// <summary>Sends each phone's tone to its leg every 20 ms for <paramref name="seconds"/>.</summary>
    private static async Task TalkAsync(IReadOnlyList<(Phone Phone, RtpLeg Leg, double Hertz)> parties, double seconds)
    {
        var frames = (int)(seconds * 50);
        var started = Stopwatch.GetTimestamp();
        for (var frame = 0; frame < frames; frame++)
        {
            foreach (var (phone, leg, hertz) in parties)
            {
                var tone = Tones.SineOf(hertz, AudioFormat.NarrowbandFrameSamples * (frame + 1), 6000, AudioFormat.NarrowbandRate).AsSpan(AudioFormat.NarrowbandFrameSamples * frame);
                phone.Socket.SendTo(Phone.Packet((ushort)frame, tone), leg.LocalEndPoint);
            }
            var due = TimeSpan.FromMilliseconds(20 * (frame + 1)) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }
    }

    private (Room Room, List<(Phone Phone, RtpLeg Leg, double Hertz)> Parties) Conference(params double[] tones)
    {
        var room = new Room(Guid.NewGuid(), false, Tones.Named("hold"), new CollectingReports());
        var parties = new List<(Phone, RtpLeg, double)>();
        foreach (var hertz in tones)
        {
            var phone = new Phone();
            var socket = new RtpPorts(IPAddress.Loopback, 0, 0).Open();
            var leg = new RtpLeg(Guid.NewGuid(), socket, G711.PayloadTypeUlaw, phone.EndPoint) { Id = Guid.NewGuid() };
            _disposables.Add(phone);
            _disposables.Add(leg);
            room.Add(leg);
            parties.Add((phone, leg, hertz));
        }
        _clock.Wake(room);
        return (room, parties);
    }

    [Fact]
    public async Task Each_rtp_leg_hears_the_others_and_not_itself()
    {
        var (_, parties) = Conference(500, 1100, 1700);

        await TalkAsync(parties, 1.5);
        await Task.Delay(200);

        foreach (var (phone, _, own) in parties)
        {
            short[] heard;
            lock (phone.Heard)
            {
                heard = phone.Heard.TakeLast(AudioFormat.NarrowbandRate).ToArray();
            }
            Assert.True(heard.Length >= AudioFormat.NarrowbandRate / 2, $"the {own} Hz phone heard only {heard.Length} samples");
            var ownPower = AudioTools.Power(heard, own, AudioFormat.NarrowbandRate);
            foreach (var (_, _, other) in parties.Where(p => p.Hertz != own))
            {
                var otherPower = AudioTools.Power(heard, other, AudioFormat.NarrowbandRate);
                Assert.True(otherPower > 100 * ownPower, $"the {own} Hz phone: {other} Hz at {otherPower:E2}, its own tone at {ownPower:E2}");
            }
        }
    }

    [Fact]
    public async Task Garbage_wrong_payloads_and_strangers_are_counted_and_the_room_keeps_mixing()
    {
        var (room, parties) = Conference(600, 1400);
        var (phone, leg, _) = parties[0];
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var silence = new short[AudioFormat.NarrowbandFrameSamples];

        phone.Socket.SendTo(Phone.Packet(0, silence), leg.LocalEndPoint); // latches the phone's address
        await Eventually.TrueAsync(() => Task.FromResult(leg.Counters.PacketsIn > 0), TimeSpan.FromSeconds(5), "the first packet never arrived");
        phone.Socket.SendTo(new byte[] { 1, 2, 3 }, leg.LocalEndPoint);
        phone.Socket.SendTo(new byte[200], leg.LocalEndPoint);
        phone.Socket.SendTo(Phone.Packet(1, silence, G711.PayloadTypeAlaw), leg.LocalEndPoint);
        phone.Socket.SendTo(Phone.Packet(2, silence)[..100], leg.LocalEndPoint);
        for (var i = 0; i < 50; i++)
        {
            stranger.SendTo(Phone.Packet((ushort)i, silence), leg.LocalEndPoint);
        }
        var ticks = room.Ticks;
        await TalkAsync(parties, 0.5);

        await Eventually.TrueAsync(() => Task.FromResult(leg.Counters.Foreign == 50), TimeSpan.FromSeconds(5), "strangers were not all refused");
        Assert.Equal(2, leg.Counters.Malformed);
        Assert.Equal(1, leg.Counters.WrongPayloadType);
        Assert.Equal(1, leg.Counters.WrongSize);
        Assert.True(room.Ticks > ticks + 15, "the room's clock stalled");
        Assert.True(parties[1].Phone.Heard.Count > 0, "the other leg heard nothing");
    }

    [Fact]
    public async Task A_digit_is_reported_once_for_its_three_end_packets()
    {
        var (_, parties) = Conference(800);
        var (phone, leg, _) = parties[0];
        var digits = new List<char>();
        leg.Digit += (_, digit, _) => { lock (digits) { digits.Add(digit); } };
        var packet = new byte[RtpPacket.HeaderBytes + 4];
        foreach (var (end, copies) in new[] { (false, 3), (true, 3) })
        {
            for (var i = 0; i < copies; i++)
            {
                RtpPacket.WriteHeader(packet, TelephoneEvent.DefaultPayloadType, false, (ushort)(10 + i + (end ? 3 : 0)), 8000, 1);
                TelephoneEvent.Write(packet.AsSpan(RtpPacket.HeaderBytes), '7', end, 800);
                phone.Socket.SendTo(packet, leg.LocalEndPoint);
            }
        }

        await Eventually.TrueAsync(() => Task.FromResult(digits.Count > 0), TimeSpan.FromSeconds(5), "no digit was reported");
        await Task.Delay(200);
        Assert.Equal(['7'], digits);
    }
}
