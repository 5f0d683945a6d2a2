using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Conference.Media.Audio;
using Conference.Media.Reports;
using Conference.Media.Rooms;
using Conference.Media.Rtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Benchmarks;

/// <summary>
/// RTP legs on loopback mixed by ONE clock thread: rooms of 50 legs, each leg fed a 20 ms µ-law
/// packet per tick from its own phone socket. Prints missed ticks, tick lateness and the clock
/// thread's busy share, which say how many legs one core keeps mixed.
/// </summary>
public static class RtpLoad
{
    private sealed class NoReports : IReportSink
    {
        public void Report(Conference.Core.Media.MediaReport report)
        {
        }
    }

    public static async Task<int> RunAsync(int legCount, int seconds)
    {
        using var clock = new RoomClock(NullLogger.Instance, threads: 1);
        var ports = new RtpPorts(IPAddress.Loopback, 0, 0);
        var phones = new List<(Socket Phone, EndPoint Leg)>();
        var legs = new List<RtpLeg>();
        Room? room = null;
        for (var i = 0; i < legCount; i++)
        {
            if (i % 50 == 0)
            {
                room = new Room(Guid.NewGuid(), false, Tones.Named("hold"), new NoReports());
            }
            var phone = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            phone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var leg = new RtpLeg(Guid.NewGuid(), ports.Open(), G711.PayloadTypeUlaw, (IPEndPoint)phone.LocalEndPoint!) { Id = Guid.NewGuid() };
            room!.Add(leg);
            clock.Wake(room);
            legs.Add(leg);
            phones.Add((phone, leg.LocalEndPoint));
        }
        var payload = new byte[RtpPacket.HeaderBytes + AudioFormat.NarrowbandFrameSamples];
        var tone = Tones.SineOf(440, AudioFormat.NarrowbandFrameSamples, 6000, AudioFormat.NarrowbandRate);
        G711.Encode(G711.PayloadTypeUlaw, tone, payload.AsSpan(RtpPacket.HeaderBytes));
        var drain = new byte[2048];
        var before = clock.Stats[0];
        var started = Stopwatch.GetTimestamp();
        for (var frame = 0; frame < seconds * 50; frame++)
        {
            RtpPacket.WriteHeader(payload, G711.PayloadTypeUlaw, false, (ushort)frame, (uint)(frame * 160), 7);
            foreach (var (phone, leg) in phones)
            {
                phone.SendTo(payload, leg);
                while (phone.Available > 0)
                {
                    phone.Receive(drain);
                }
            }
            var due = TimeSpan.FromMilliseconds(20 * (frame + 1)) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }
        var after = clock.Stats[0];
        var ticks = after.Ticks - before.Ticks;
        var busy = after.Busy - before.Busy;
        Console.WriteLine($"legs {legCount} in {(legCount + 49) / 50} rooms, {seconds} s: ticks {ticks}, missed {after.MissedTicks}, failed {after.FailedTicks}, " +
            $"lateness p50 {after.LatenessP50.TotalMilliseconds:F2} ms p99 {after.LatenessP99.TotalMilliseconds:F2} ms max {after.LatenessMax.TotalMilliseconds:F2} ms, " +
            $"mixing {busy.TotalMilliseconds / Math.Max(1, ticks):F3} ms per tick ({100 * busy.TotalMilliseconds / Math.Max(1, ticks) / 20:F1} % of the clock core), " +
            $"packets in {legs.Sum(l => l.Counters.PacketsIn)}, out {legs.Sum(l => l.Counters.PacketsOut)}, jitter shed {legs.Sum(l => l.Jitter.Shed)}, lost {legs.Sum(l => l.Jitter.Lost)}");
        legs.ForEach(l => l.Dispose());
        phones.ForEach(p => p.Phone.Dispose());
        return 0;
    }
}
