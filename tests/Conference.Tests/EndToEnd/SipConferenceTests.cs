using Conference.Adapters.Events;
using System.Net;
using System.Text.Json;
using Conference.Adapters;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// The seed's scenarios against the local stack as processes, with real SIP phones: baresip
/// (G.711 over RTP, a tone as its microphone, recording what it hears) and SIPp with its shipped
/// A-law capture. Each phone speaks its own frequency, so who hears whom is a Goertzel measurement.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class SipConferenceTests(LocalStack stack)
{
    private const int PhoneRate = Baresip.Rate;
    private readonly HttpClient _api = stack.Api();
    private readonly List<Guid> _conferences = [];
    private readonly List<Baresip> _phones = [];

    private async Task<(Guid Id, string Hash)> ProgressingConferenceAsync(object body)
    {
        var created = await (await _api.PostJsonAsync("v1.0/conferences", body)).JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        _conferences.Add(id);
        await WaitForAsync(async () => (await GetAsync($"v1.0/conferences/{id}")).GetProperty("status").GetString() == "progressing",
            "the conference never reached progressing", 15);
        return (id, created.GetProperty("direct_hash").GetString()!);
    }

    private async Task<JsonElement> GetAsync(string path) => await (await _api.GetAsync(path)).JsonAsync();

    private async Task<JsonElement[]> ParticipantsAsync(Guid conference) =>
        (await GetAsync($"v1.0/conferencecalls?conference_id={conference}")).GetProperty("result").EnumerateArray().ToArray();

    private Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 20) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(seconds), async () => $"{what}:\n{await WhatHappenedAsync()}");

    /// <summary>For a failed wait: this test's participants, what each phone printed, and the end of the stack's logs.</summary>
    private async Task<string> WhatHappenedAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var conference in _conferences)
        {
            text.AppendLine($"conference {conference}: {await GetAsync($"v1.0/conferences/{conference}")}");
            text.AppendLine($"participants: {await GetAsync($"v1.0/conferencecalls?conference_id={conference}")}");
        }
        foreach (var (phone, i) in _phones.Select((p, i) => (p, i)))
        {
            text.AppendLine($"--- phone {i + 1} (exited: {phone.HasExited}):\n{phone.Output}");
        }
        return text.Append("--- stack logs (end):\n").Append(stack.RecentLogs()).ToString();
    }

    private Baresip Dial(string uri, int hertz, int seconds) => Track(Baresip.Dial(uri, hertz, seconds));

    private Baresip Dial(string uri, string microphone, int seconds) => Track(Baresip.Dial(uri, microphone, seconds));

    private Baresip Answering(int hertz, int seconds) => Track(Baresip.Answering(hertz, seconds));

    private Baresip Track(Baresip phone)
    {
        _phones.Add(phone);
        return phone;
    }

    private Task WaitForParticipantsAsync(Guid conference, string status, int count, int seconds = 20) =>
        WaitForAsync(async () => (await ParticipantsAsync(conference)).Count(p => p.GetProperty("status").GetString() == status) == count,
            $"{count} participants never became {status}", seconds);

    /// <summary>The phone itself says its call ended: baresip reports our BYE as "session closed", its own hangup as "terminated".</summary>
    private static Task SawHangupAsync(Baresip phone) =>
        Eventually.TrueAsync(() => Task.FromResult(phone.Output.Contains("session closed") || phone.Output.Contains(" terminated")),
            TimeSpan.FromSeconds(15), $"the phone never saw its call end:\n{phone.Output}");

    private async Task<JsonElement> CallOfAsync(JsonElement participant) => await GetAsync($"v1.0/calls/{participant.GetProperty("reference_id").GetGuid()}");

    [Fact]
    public async Task Three_sip_phones_hear_each_other_and_not_themselves_and_the_recording_holds_all_three()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new { type = "conference", name = "simple", client_state = "c2lw" });
        int[] tones = [500, 900, 1300];
        var phones = tones.Select(hz => Dial(stack.DirectAddress(hash), hz, seconds: 14)).ToArray();
        try
        {
            await WaitForParticipantsAsync(conference, "joined", 3);
            var recording = (await (await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_start", new { })).JsonAsync()).GetProperty("recording_id").GetGuid();
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_stop", new { })).StatusCode);
            await Task.WhenAll(phones.Select(p => p.WaitForExitAsync(TimeSpan.FromSeconds(30))));

            for (var i = 0; i < phones.Length; i++)
            {
                phones[i].AssertHears(tones[i], tones.Where((_, j) => j != i).ToArray());
            }
            await WaitForParticipantsAsync(conference, "leaved", 3);
            foreach (var participant in await ParticipantsAsync(conference))
            {
                Assert.Equal("hangup", participant.GetProperty("leave_reason").GetString());
                var call = await CallOfAsync(participant);
                Assert.Equal(("incoming", "sip"), (call.GetProperty("direction").GetString(), call.GetProperty("type").GetString()));
                await WaitForAsync(async () => (await CallOfAsync(participant)).GetProperty("status").GetString() == "hangup", "a call never hung up");
            }

            await WaitForAsync(async () => (await GetAsync($"v1.0/recordings/{recording}")).GetProperty("status").GetString() == "ended", "the recording never ended");
            var samples = AudioTools.ReadPcm16(await (await _api.GetAsync($"v1.0/recordings/{recording}/file")).Content.ReadAsByteArrayAsync());
            var absent = AudioTools.Power(samples, 2100);
            Assert.All(tones, hz => Assert.True(AudioTools.Power(samples, hz) > 100 * absent, $"the recording lacks {hz} Hz"));

            var events = await new EventLog(stack.Storage.Tables).ReadAsync(conference);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.Sequence));
            Assert.All(events, e => Assert.Equal("c2lw", e.ClientState));
            foreach (var participant in await ParticipantsAsync(conference))
            {
                var id = participant.GetProperty("id").GetGuid();
                var mine = events.Where(e => e.Type.StartsWith("conferencecall_") && e.Data.GetProperty("id").GetGuid() == id).Select(e => e.Type);
                Assert.Equal(["conferencecall_joining", "conferencecall_joined", "conferencecall_leaved"], mine);
            }
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Speech_from_espeak_reaches_the_other_phone_and_not_the_speaker()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new { type = "conference" });
        var silence = AudioTools.TempFile(".wav");
        AudioTools.Run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", silence, "trim", "0", "20");
        // Two seconds of silence first, so the speaker is bridged before it starts talking.
        var speech = AudioTools.Speech("one two three four five six seven eight nine ten. the quick brown fox jumps over the lazy dog.", silence: 1);
        var padded = AudioTools.TempFile(".wav");
        AudioTools.Run("sox", speech, padded, "pad", "2", "0");
        var listener = Dial(stack.DirectAddress(hash), silence, seconds: 16);
        await WaitForParticipantsAsync(conference, "joined", 1);
        var speaker = Dial(stack.DirectAddress(hash), padded, seconds: (int)Math.Ceiling(AudioTools.ReadPcm16(padded).Length / (double)PhoneRate) + 1);
        try
        {
            await Task.WhenAll(speaker.WaitForExitAsync(TimeSpan.FromSeconds(30)), listener.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            var source = AudioTools.ReadPcm16(padded);
            var heard = AudioTools.LoudestWindow(listener.Heard(), 2 * PhoneRate);
            var own = AudioTools.LoudestWindow(speaker.Heard(), 2 * PhoneRate);
            var heardCorrelation = AudioTools.BestCorrelation(heard, source);
            var ownCorrelation = AudioTools.BestCorrelation(own, source);
            Assert.True(heardCorrelation > 0.8, $"the listener's loudest 2 s correlate with the speech at only {heardCorrelation:F2}");
            Assert.True(ownCorrelation < 0.2, $"the speaker heard itself: correlation {ownCorrelation:F2}");
        }
        finally
        {
            await speaker.DisposeAsync();
            await listener.DisposeAsync();
            File.Delete(silence);
            File.Delete(speech);
            File.Delete(padded);
        }
    }

    [Fact]
    public async Task A_kicked_phone_leaves_the_bridge_and_its_call_ends_after_the_post_actions_and_a_second_kick_is_409()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new
        {
            type = "conference",
            post_actions = new object[] { new { type = "beep" }, new { type = "sleep", option = new { duration = 300 } } },
        });
        await using var phone = Dial(stack.DirectAddress(hash), 700, seconds: 30);
        await WaitForParticipantsAsync(conference, "joined", 1);
        var participant = (await ParticipantsAsync(conference))[0].GetProperty("id").GetGuid();

        var kicked = await _api.DeleteAsync($"v1.0/conferencecalls/{participant}");
        Assert.Equal("leaving", (await kicked.JsonAsync()).GetProperty("status").GetString());
        await WaitForParticipantsAsync(conference, "leaved", 1);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.DeleteAsync($"v1.0/conferencecalls/{participant}")).StatusCode);

        var leaved = (await ParticipantsAsync(conference))[0];
        Assert.Equal("kicked", leaved.GetProperty("leave_reason").GetString());
        await WaitForAsync(async () => (await CallOfAsync(leaved)).GetProperty("status").GetString() == "hangup", "the kicked call was never hung up");
        await SawHangupAsync(phone);
    }

    [Fact]
    public async Task In_a_connect_conference_one_hangup_ejects_the_other_and_the_conference_ends()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new { type = "connect" });
        await using var customer = Dial(stack.DirectAddress(hash), 600, seconds: 6);
        await using var agent = Dial(stack.DirectAddress(hash), 1100, seconds: 40);
        await WaitForParticipantsAsync(conference, "joined", 2);

        await customer.WaitForExitAsync(TimeSpan.FromSeconds(20));
        await WaitForParticipantsAsync(conference, "leaved", 2);
        await WaitForAsync(async () => (await GetAsync($"v1.0/conferences/{conference}")).GetProperty("status").GetString() == "terminated", "the connect conference never ended");
        Assert.Equal("all_left", (await GetAsync($"v1.0/conferences/{conference}")).GetProperty("end_reason").GetString());
        var reasons = (await ParticipantsAsync(conference)).Select(p => p.GetProperty("leave_reason").GetString()).Order();
        Assert.Equal(["hangup", "kicked"], reasons);
        await SawHangupAsync(agent);
    }

    [Fact]
    public async Task A_conference_that_times_out_kicks_its_phone_and_terminates()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new { type = "conference", timeout = 6 });
        await using var phone = Dial(stack.DirectAddress(hash), 800, seconds: 40);
        await WaitForParticipantsAsync(conference, "joined", 1);

        await WaitForAsync(async () => (await GetAsync($"v1.0/conferences/{conference}")).GetProperty("status").GetString() == "terminated", "the conference never timed out", 30);
        Assert.Equal("timeout", (await GetAsync($"v1.0/conferences/{conference}")).GetProperty("end_reason").GetString());
        Assert.Equal("kicked", (await ParticipantsAsync(conference))[0].GetProperty("leave_reason").GetString());
        await SawHangupAsync(phone);
    }

    [Fact]
    public async Task A_phone_whose_rtp_stops_without_a_bye_is_removed_by_the_health_check()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new { type = "conference" });
        await using var phone = Dial(stack.DirectAddress(hash), 900, seconds: 120);
        await WaitForParticipantsAsync(conference, "joined", 1);
        await Task.Delay(TimeSpan.FromSeconds(1));

        phone.Kill();
        // Liveness window 10 s, reported within 2 s; then three health checks 5 s apart.
        await WaitForParticipantsAsync(conference, "leaved", 1, seconds: 60);
        var participant = (await ParticipantsAsync(conference))[0];
        Assert.Equal("health_check", participant.GetProperty("leave_reason").GetString());
        await WaitForAsync(async () => (await CallOfAsync(participant)).GetProperty("status").GetString() == "hangup", "the dead call was never hung up");
    }

    [Fact]
    public async Task Dialing_out_reaches_a_phone_that_answers_joins_it_and_delete_hangs_it_up()
    {
        var (conference, _) = await ProgressingConferenceAsync(new { type = "conference" });
        await using var callee = Answering(1000, seconds: 40);
        await Eventually.TrueAsync(() => Task.FromResult(callee.Output.Contains("baresip is ready")), TimeSpan.FromSeconds(10), "the callee never started");

        var dialed = await (await _api.PostJsonAsync("v1.0/calls", new
        {
            source = "conference",
            destination = callee.Address,
            actions = new object[] { new { type = "beep" }, new { type = "conference_join", option = new { conference_id = conference } } },
        })).JsonAsync();
        var call = dialed.GetProperty("id").GetGuid();
        Assert.Equal("dialing", dialed.GetProperty("status").GetString());
        await WaitForParticipantsAsync(conference, "joined", 1);
        Assert.Equal("progressing", (await GetAsync($"v1.0/calls/{call}")).GetProperty("status").GetString());
        Assert.Equal(call, (await ParticipantsAsync(conference))[0].GetProperty("reference_id").GetGuid());

        Assert.Equal("terminating", (await (await _api.DeleteAsync($"v1.0/calls/{call}")).JsonAsync()).GetProperty("status").GetString());
        await WaitForAsync(async () => (await GetAsync($"v1.0/calls/{call}")).GetProperty("status").GetString() == "hangup", "the call never hung up");
        await WaitForParticipantsAsync(conference, "leaved", 1);
        await SawHangupAsync(callee);
    }

    [Fact]
    public async Task A_sipp_caller_playing_its_shipped_alaw_capture_is_heard_in_the_recording_and_an_unknown_or_old_hash_is_404()
    {
        var (conference, hash) = await ProgressingConferenceAsync(new { type = "conference" });
        var recording = (await (await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_start", new { })).JsonAsync()).GetProperty("recording_id").GetGuid();
        var directory = Path.Combine(Path.GetTempPath(), "sipp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "pcap"));
        foreach (var capture in Directory.GetFiles("/usr/share/sip-tester", "*.pcap"))
        {
            File.Copy(capture, Path.Combine(directory, "pcap", Path.GetFileName(capture)));
        }
        var sipp = await Task.Run(() => Sipp(directory, "-sn", "uac_pcap", $"127.0.0.1:{stack.SipPort}", "-s", $"direct.{hash}", "-m", "1", "-p", FreePorts.Next().ToString(), "-timeout", "40"));
        Assert.True(sipp.ExitCode == 0, $"SIPp failed:\n{sipp.Output}\n{stack.RecentLogs()}");

        await WaitForParticipantsAsync(conference, "leaved", 1);
        await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_stop", new { });
        await WaitForAsync(async () => (await GetAsync($"v1.0/recordings/{recording}")).GetProperty("status").GetString() == "ended", "the recording never ended");
        var samples = AudioTools.ReadPcm16(await (await _api.GetAsync($"v1.0/recordings/{recording}/file")).Content.ReadAsByteArrayAsync());
        var loudest = samples.Chunk(1600).Max(c => Math.Sqrt(c.Average(s => (double)s * s)));
        Assert.True(loudest > 1000, $"the capture's speech never reached the mix (loudest 100 ms at RMS {loudest:F0})");

        using var peer = new SipPeer();
        var target = new IPEndPoint(IPAddress.Loopback, stack.SipPort);
        peer.Send(peer.Invite("direct.000000000000", target, "z9hG4bK-unknown", SipPeer.Offer(40000)), target);
        await peer.ExpectResponseAsync(404, "INVITE");

        // A regenerated hash: the old address stops working at once, on the media host too.
        await _api.PostAsync($"v1.0/conferences/{conference}/direct-hash-regenerate", null);
        using var late = new SipPeer();
        late.Send(late.Invite($"direct.{hash}", target, "z9hG4bK-old", SipPeer.Offer(40000)), target);
        await late.ExpectResponseAsync(404, "INVITE");
        Directory.Delete(directory, recursive: true);
    }

    private static (int ExitCode, string Output) Sipp(string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sipp") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments.Append("-nostdin").Append("-trace_err"))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var log = string.Join("\n", Directory.GetFiles(directory, "*errors.log").Select(File.ReadAllText));
        return (process.ExitCode, output.Result[^Math.Min(2000, output.Result.Length)..] + errors + log);
    }
}
