using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Conference.Media.Audio;
using Conference.Media.Rtp;
using Conference.Media.Sip;

namespace Conference.Benchmarks;

/// <summary>
/// N SIP callers dial in at once over loopback to a running local stack, spread over M conferences:
/// the time from each INVITE to its 200 OK, the time until the k-th participant is joined (from the
/// API), then every caller sends G.711 for a while and the media host's clocks say whether a tick
/// was missed. Each caller is a plain UDP socket speaking SIP and RTP by hand.
/// </summary>
public static class SipLoad
{
    public static async Task<int> RunAsync(Uri api, string token, string mediaUrl, string mediaKey, IPEndPoint sip, int callers, int conferences, int seconds)
    {
        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var rooms = new List<(Guid Id, string Hash)>();
        for (var i = 0; i < conferences; i++)
        {
            var created = await (await http.PostAsJsonAsync("v1.0/conferences", new { type = "conference", max_participants = 800 })).Content.ReadFromJsonAsync<JsonElement>();
            rooms.Add((created.GetProperty("id").GetGuid(), created.GetProperty("direct_hash").GetString()!));
        }
        foreach (var (id, _) in rooms)
        {
            while ((await http.GetFromJsonAsync<JsonElement>($"v1.0/conferences/{id}")).GetProperty("status").GetString() != "progressing")
            {
                await Task.Delay(50);
            }
        }

        var phones = Enumerable.Range(0, callers).Select(i => new Phone(rooms[i % rooms.Count].Hash, sip)).ToArray();
        // Phones talk from their answer on, as real ones do: a silent leg would be removed by the health check.
        using var talking = new CancellationTokenSource();
        var talk = Phone.TalkAsync(phones, talking.Token);
        var clock = Stopwatch.StartNew();
        foreach (var phone in phones)
        {
            phone.Invite(clock);
        }
        var answered = await Task.WhenAll(phones.Select(p => p.AwaitAnswerAsync(clock)));
        var joinedAt = new List<double>();
        while (joinedAt.Count < callers && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var joined = (await ParticipantsAsync(http, rooms.Select(r => r.Id), "joined")).Count;
            while (joinedAt.Count < joined)
            {
                joinedAt.Add(clock.Elapsed.TotalMilliseconds);
            }
            await Task.Delay(20);
        }

        using var media = new HttpClient { BaseAddress = new Uri(mediaUrl) };
        media.DefaultRequestHeaders.Add("X-Media-Key", mediaKey);
        var before = await media.GetFromJsonAsync<JsonElement>("v1/stats");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = await media.GetFromJsonAsync<JsonElement>("v1/stats");
        await talking.CancelAsync();
        await talk;
        var byes = await Task.WhenAll(phones.Select(p => p.ByeAsync()));
        var (hungUp, calls) = await CallsHungUpAsync(http, rooms.Select(r => r.Id));

        var ok = answered.Where(t => t > 0).Order().ToArray();
        Console.WriteLine($"sip | {callers} callers in {conferences} conference(s) | INVITE->200 p50 {Percentile(ok, 0.5):F1} ms p99 {Percentile(ok, 0.99):F1} ms max {ok.LastOrDefault():F1} ms | answered {ok.Length}/{callers}");
        Console.WriteLine($"sip | joined {joinedAt.Count}/{callers} | INVITE->joined p50 {Percentile([.. joinedAt], 0.5):F0} ms p99 {Percentile([.. joinedAt], 0.99):F0} ms (polled every 20 ms)");
        Console.WriteLine($"sip | {seconds} s more of audio from every caller, {after.GetProperty("legs").GetInt32()} legs bridged | missed ticks {MissedTicks(after) - MissedTicks(before)} | lateness p99 {string.Join(", ", after.GetProperty("clocks").EnumerateArray().Select(c => c.GetProperty("lateness_p99_ms").GetDouble().ToString("F2")))} ms | packets in {after.GetProperty("packets_in").GetInt64()}");
        Console.WriteLine($"sip | BYE answered {byes.Count(b => b)}/{callers} | calls at hangup {hungUp}/{calls} (10 s after the BYEs)");
        foreach (var phone in phones)
        {
            phone.Dispose();
        }
        return ok.Length == callers && joinedAt.Count == callers && hungUp == calls && calls == callers ? 0 : 1;
    }

    /// <summary>The participants of <paramref name="rooms"/> (those in <paramref name="status"/> when given), every page of the list.</summary>
    internal static async Task<List<JsonElement>> ParticipantsAsync(HttpClient http, IEnumerable<Guid> rooms, string? status = null)
    {
        var participants = new List<JsonElement>();
        foreach (var room in rooms)
        {
            var cursor = "";
            do
            {
                var page = await http.GetFromJsonAsync<JsonElement>(
                    $"v1.0/conferencecalls?conference_id={room}&page_size=100{(status is null ? "" : "&status=" + status)}&page_token={Uri.EscapeDataString(cursor)}");
                participants.AddRange(page.GetProperty("result").EnumerateArray());
                cursor = page.GetProperty("next_page_token").GetString() ?? "";
            }
            while (cursor.Length > 0);
        }
        return participants;
    }

    /// <summary>Every call behind the rooms' participants, and how many of them reach hangup within 10 s.</summary>
    private static async Task<(int HungUp, int Calls)> CallsHungUpAsync(HttpClient http, IEnumerable<Guid> rooms)
    {
        var calls = (await ParticipantsAsync(http, rooms)).Select(p => p.GetProperty("reference_id").GetGuid()).ToList();
        var pending = calls.ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var call in pending.ToArray())
            {
                if ((await http.GetFromJsonAsync<JsonElement>($"v1.0/calls/{call}")).GetProperty("status").GetString() == "hangup")
                {
                    pending.Remove(call);
                }
            }
            await Task.Delay(200);
        }
        foreach (var call in pending)
        {
            Console.WriteLine($"sip | call {call} is still {(await http.GetFromJsonAsync<JsonElement>($"v1.0/calls/{call}")).GetProperty("status").GetString()}");
        }
        return (calls.Count - pending.Count, calls.Count);
    }

    private static long MissedTicks(JsonElement stats) => stats.GetProperty("clocks").EnumerateArray().Sum(c => c.GetProperty("missed_ticks").GetInt64());

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    internal sealed class Phone : IDisposable
    {
        private readonly Socket _sip = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Socket _rtp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly string _hash;
        private readonly IPEndPoint _target;
        private readonly string _callId = Guid.NewGuid().ToString("N");
        private double _sentAt;
        private string _toTag = "";
        private IPEndPoint? _media;

        public Phone(string hash, IPEndPoint target)
        {
            _hash = hash;
            _target = target;
            _sip.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        private int SipPort => ((IPEndPoint)_sip.LocalEndPoint!).Port;

        private string Headers(string method, int cseq, string branch) =>
            $"{method} sip:direct.{_hash}@{_target} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{SipPort};branch=z9hG4bK{branch}-{_callId};rport\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:load@127.0.0.1:{SipPort}>;tag=load\r\nTo: <sip:direct.{_hash}@{_target}>{(_toTag.Length > 0 ? ";tag=" + _toTag : "")}\r\n" +
            $"Call-ID: {_callId}\r\nCSeq: {cseq} {method}\r\nContact: <sip:load@127.0.0.1:{SipPort}>\r\n";

        public void Invite(Stopwatch clock)
        {
            var body = $"v=0\r\no=load 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {((IPEndPoint)_rtp.LocalEndPoint!).Port} RTP/AVP 0\r\n";
            _sentAt = clock.Elapsed.TotalMilliseconds;
            _sip.SendTo(Encoding.ASCII.GetBytes(Headers("INVITE", 1, "inv") + $"Content-Type: application/sdp\r\nContent-Length: {body.Length}\r\n\r\n{body}"), _target);
        }

        /// <summary>Milliseconds from INVITE to 200 OK, -1 when none came in 30 s; ACKs it.</summary>
        public async Task<double> AwaitAnswerAsync(Stopwatch clock)
        {
            var buffer = new byte[SipMessage.MaxDatagram];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                while (true)
                {
                    var received = await _sip.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                    var message = SipMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes));
                    if (message.StatusCode != 200 || message.CSeq.Method != "INVITE")
                    {
                        continue;
                    }
                    var at = clock.Elapsed.TotalMilliseconds - _sentAt;
                    _toTag = message.ToTag;
                    Sdp.TryParse(message.Body, out var answer);
                    _media = new IPEndPoint(answer.Address, answer.Port);
                    _sip.SendTo(Encoding.ASCII.GetBytes(Headers("ACK", 1, "ack") + "Content-Length: 0\r\n\r\n"), _target);
                    return at;
                }
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
        }

        /// <summary>Every phone sends a 20 ms µ-law frame every 20 ms until cancelled.</summary>
        public static async Task TalkAsync(Phone[] phones, CancellationToken cancellationToken)
        {
            var frame = new byte[RtpPacket.HeaderBytes + AudioFormat.NarrowbandFrameSamples];
            var tone = Tones.SineOf(440, AudioFormat.NarrowbandFrameSamples, 4000, AudioFormat.SampleRate / 2);
            G711.Encode(G711.PayloadTypeUlaw, tone, frame.AsSpan(RtpPacket.HeaderBytes));
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            ushort sequence = 0;
            uint timestamp = 0;
            while (!cancellationToken.IsCancellationRequested && await timer.WaitForNextTickAsync(CancellationToken.None))
            {
                RtpPacket.WriteHeader(frame, G711.PayloadTypeUlaw, false, sequence++, timestamp, 1234);
                timestamp += AudioFormat.NarrowbandFrameSamples;
                foreach (var phone in phones)
                {
                    if (phone._media is { } media)
                    {
                        phone._rtp.SendTo(frame, media);
                    }
                }
            }
        }

        /// <summary>BYE as a non-INVITE client transaction (RFC 3261 17.1.2): re-sent from 500 ms, doubling to 4 s, until its answer or 32 s.</summary>
        public async Task<bool> ByeAsync()
        {
            var bye = Encoding.ASCII.GetBytes(Headers("BYE", 2, "bye") + "Content-Length: 0\r\n\r\n");
            var buffer = new byte[SipMessage.MaxDatagram];
            var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(32);
            for (var wait = TimeSpan.FromMilliseconds(500); DateTime.UtcNow < giveUp; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(4).Ticks)))
            {
                _sip.SendTo(bye, _target);
                using var timeout = new CancellationTokenSource(wait);
                try
                {
                    while (true)
                    {
                        var received = await _sip.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                        var message = SipMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes));
                        if (message.StatusCode >= 200 && message.CSeq.Method == "BYE")
                        {
                            return message.StatusCode == 200;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
            return false;
        }

        public void Dispose()
        {
            _sip.Dispose();
            _rtp.Dispose();
        }
    }
}
