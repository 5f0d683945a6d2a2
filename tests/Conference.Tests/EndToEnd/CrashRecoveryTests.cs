using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Conference.Media.Audio;
using Conference.Tests.Support;
using Xunit.Abstractions;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// behaviour.md's promise, tried as a user would meet it: a conference with WebSocket callers, a SIP
/// phone, a recording and a webhook receiver; one process killed with SIGKILL at a moment a seed
/// picks; started again on the same data. Then, within 30 s, everything is in a consistent final or
/// live state, the conference takes a new caller who hears the others, the recording's file plays,
/// and the receiver has every event of the conference with no gap. The seed is in every failure
/// message; <c>CONFERENCE_CRASH_SEEDS=1,2,3</c> runs others.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class CrashRecoveryTests(LocalStack stack, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly HttpClient _api = stack.Api();
    private readonly List<IAsyncDisposable> _owned = [];
    private WebhookReceiver _receiver = null!;
    private int _seed;

    public static TheoryData<int> Seeds()
    {
        var seeds = Environment.GetEnvironmentVariable("CONFERENCE_CRASH_SEEDS") is { Length: > 0 } given
            ? given.Split(',').Select(int.Parse)
            : [11, 12];
        var data = new TheoryData<int>();
        foreach (var seed in seeds)
        {
            data.Add(seed);
        }
        return data;
    }

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.PutAsync("v1.0/customer", JsonContent(new { webhook_uri = _receiver.Uri.ToString() }))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
        await _api.PutAsync("v1.0/customer", JsonContent(new { webhook_uri = "" }));
        await _receiver.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_media_host_killed_at_any_moment_leaves_everything_consistent_and_the_conference_usable(int seed)
    {
        _seed = seed;
        var random = new Random(seed);
        var scene = await SceneAsync();
        await Task.Delay(random.Next(500, 6000));

        var recorded = scene.Recording.Elapsed;
        stack.KillMediaHost();
        var killed = Stopwatch.StartNew();
        await stack.StartMediaHostAsync();
        var restarted = killed.Elapsed;

        var listener = Own(await WebSocketCaller.JoinWhenReadyAsync(stack, scene.Conference, Within));
        var acceptingAgain = killed.Elapsed;
        foreach (var participant in scene.Participants)
        {
            await UntilAsync(async () => await FieldAsync($"v1.0/conferencecalls/{participant}", "status") == "leaved", $"participant {participant} never left");
            Assert.Equal("media_lost", await FieldAsync($"v1.0/conferencecalls/{participant}", "leave_reason"));
        }
        var cleared = killed.Elapsed;
        await UntilAsync(async () => await FieldAsync($"v1.0/calls/{scene.PhoneCall}", "status") == "hangup", "the phone's call never hung up");
        Assert.Equal("progressing", await FieldAsync($"v1.0/conferences/{scene.Conference}", "status"));

        await UntilAsync(async () => await FieldAsync($"v1.0/recordings/{scene.RecordingId}", "status") == "ended", "the recording never ended");
        var lost = recorded.TotalSeconds - await PlayableSecondsAsync(scene.RecordingId);
        // The clock starts when recording_start answers; the media host may have begun a little before.
        Assert.True(lost is >= -0.3 and <= 3, Seeded($"{lost:F2} s of recording were lost (the commit interval is 2 s)"));

        await HearEachOtherAsync(scene.Conference, listener);
        await NoEventMissedAsync(scene.Conference);
        output.WriteLine($"seed {seed}: killed {recorded.TotalSeconds:F1} s into the recording; media host up again after {restarted.TotalSeconds:F1} s, " +
                         $"taking callers after {acceptingAgain.TotalSeconds:F1} s; participants cleared after {cleared.TotalSeconds:F1} s; {lost:F2} s of recording lost");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_control_plane_killed_at_any_moment_loses_nothing_it_acknowledged(int seed)
    {
        _seed = seed;
        var random = new Random(seed);
        var scene = await SceneAsync();
        var timedOut = await ConferenceAsync(new { type = "conference", timeout = 12 });
        var killAt = random.Next(500, 6000);
        // A caller arriving around the kill: its join may land before, during or after it.
        var lateJoin = Task.Run(async () =>
        {
            await Task.Delay(killAt + random.Next(-400, 400));
            try
            {
                return Own(await WebSocketCaller.JoinAsync(stack, scene.Conference));
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or HttpRequestException)
            {
                return null;
            }
        });
        await Task.Delay(killAt);

        stack.KillControlPlane();
        var killed = Stopwatch.StartNew();
        await stack.StartControlPlaneAsync();
        var restarted = killed.Elapsed;
        await lateJoin;

        foreach (var participant in scene.Participants)
        {
            Assert.Equal("joined", await FieldAsync($"v1.0/conferencecalls/{participant}", "status"));
        }
        await UntilAsync(async () => (await ParticipantsAsync(scene.Conference)).All(p => p.GetProperty("status").GetString() is "joined" or "leaved"),
            "a participant stayed joining or leaving", TimeSpan.FromSeconds(45));
        await UntilAsync(async () => await FieldAsync($"v1.0/conferences/{timedOut}", "status") == "terminated", "the timeout stored before the kill never fired");

        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsync($"v1.0/conferences/{scene.Conference}/recording_stop", JsonContent(new { }))).StatusCode);
        await UntilAsync(async () => await FieldAsync($"v1.0/recordings/{scene.RecordingId}", "status") == "ended", "the recording never ended");
        Assert.True(await PlayableSecondsAsync(scene.RecordingId) >= scene.Recording.Elapsed.TotalSeconds - 5, Seeded("the recording lost audio while the control plane was down"));

        var listener = Own(await WebSocketCaller.JoinWhenReadyAsync(stack, scene.Conference, Within));
        await HearEachOtherAsync(scene.Conference, listener);
        await NoEventMissedAsync(scene.Conference);
        await NoEventMissedAsync(timedOut);
        output.WriteLine($"seed {seed}: control plane killed {killAt} ms into the scene, up again after {restarted.TotalSeconds:F1} s");
    }

    /// <summary>A progressing conference with two WebSocket callers talking, a SIP phone and a running recording.</summary>
    private async Task<Scene> SceneAsync()
    {
        var conference = await ConferenceAsync(new { type = "conference" });
        var hash = await FieldAsync($"v1.0/conferences/{conference}", "direct_hash");
        var alice = Own(await WebSocketCaller.JoinAsync(stack, conference));
        var bob = Own(await WebSocketCaller.JoinAsync(stack, conference));
        var phone = Own(Baresip.Dial(stack.DirectAddress(hash), 900, seconds: 90));
        await UntilAsync(async () => (await ParticipantsAsync(conference)).Count(p => p.GetProperty("status").GetString() == "joined") == 3, "the callers never all joined");
        var participants = await ParticipantsAsync(conference);
        var phoneCall = participants.Single(p => p.GetProperty("id").GetGuid() != alice.ConferencecallId && p.GetProperty("id").GetGuid() != bob.ConferencecallId)
            .GetProperty("reference_id").GetGuid();
        _ = alice.SayAsync(700, 60).ContinueWith(_ => { });
        _ = bob.SayAsync(1300, 60).ContinueWith(_ => { });
        var recording = (await (await _api.PostAsync($"v1.0/conferences/{conference}/recording_start", JsonContent(new { }))).JsonAsync()).GetProperty("recording_id").GetGuid();
        return new Scene(conference, [.. participants.Select(p => p.GetProperty("id").GetGuid())], phoneCall, recording, Stopwatch.StartNew());
    }

    private sealed record Scene(Guid Conference, Guid[] Participants, Guid PhoneCall, Guid RecordingId, Stopwatch Recording);

    private async Task<Guid> ConferenceAsync(object body)
    {
        var id = (await (await _api.PostAsync("v1.0/conferences", JsonContent(body))).JsonAsync()).GetProperty("id").GetGuid();
        await UntilAsync(async () => await FieldAsync($"v1.0/conferences/{id}", "status") == "progressing", "the conference never reached progressing");
        return id;
    }

    /// <summary>Two new callers: each hears the other and not itself.</summary>
    private async Task HearEachOtherAsync(Guid conference, WebSocketCaller listener)
    {
        await using var speaker = await WebSocketCaller.JoinWhenReadyAsync(stack, conference, Within);
        await UntilAsync(async () => await FieldAsync($"v1.0/conferencecalls/{speaker.ConferencecallId}", "status") == "joined", "the new caller never joined");
        await Task.WhenAll(speaker.SayAsync(1700, 2), listener.SayAsync(500, 2));
        var heard = listener.Heard(AudioFormat.SampleRate);
        Assert.True(AudioTools.Power(heard, 1700) > 100 * AudioTools.Power(heard, 500),
            Seeded($"the new caller did not hear the other (1700 Hz at {AudioTools.Power(heard, 1700):E2}, itself at {AudioTools.Power(heard, 500):E2})"));
    }

    /// <summary>
    /// The recording's file, downloaded through the API and read by sox (which refuses a broken header).
    /// A recording killed before its first block was committed has no file, and says so.
    /// </summary>
    private async Task<double> PlayableSecondsAsync(Guid recordingId)
    {
        var file = await _api.GetAsync($"v1.0/recordings/{recordingId}/file");
        if (file.StatusCode == HttpStatusCode.NotFound && await FieldAsync($"v1.0/recordings/{recordingId}", "duration") == "0")
        {
            Assert.Equal("RECORDING_FILE_NOT_FOUND", (await file.JsonAsync()).GetProperty("reason").GetString());
            return 0;
        }
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var wav = await file.Content.ReadAsByteArrayAsync();
        var seconds = AudioTools.SoxSeconds(wav);
        Assert.Equal(seconds, double.Parse(await FieldAsync($"v1.0/recordings/{recordingId}", "duration")), 1);
        return seconds;
    }

    /// <summary>Every event stored for the conference reached the webhook (at least once), numbered 1, 2, 3... with no gap.</summary>
    private async Task NoEventMissedAsync(Guid conference)
    {
        var log = new Conference.Adapters.Events.EventLog(stack.Storage.Tables);
        await UntilAsync(async () =>
        {
            var stored = (await log.ReadAsync(conference)).Select(e => e.Sequence).ToHashSet();
            var delivered = _receiver.Deliveries.Where(d => d.ConferenceId == conference).Select(d => d.Sequence).ToHashSet();
            return stored.Count > 0 && stored.SetEquals(Enumerable.Range(1, stored.Count).Select(n => (long)n)) && delivered.SetEquals(stored);
        }, "the webhook did not get every event of the conference, in one unbroken sequence");
    }

    private async Task<JsonElement[]> ParticipantsAsync(Guid conference) =>
        (await (await _api.GetAsync($"v1.0/conferencecalls?conference_id={conference}")).JsonAsync()).GetProperty("result").EnumerateArray().ToArray();

    private async Task<string> FieldAsync(string path, string field)
    {
        var body = await (await _api.GetAsync(path)).JsonAsync();
        return body.TryGetProperty(field, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : "";
    }

    private Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                return await condition();
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, within ?? Within, stack.Explain(Seeded(what)));

    private string Seeded(string what) => $"seed {_seed}: {what}";

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        lock (_owned)
        {
            _owned.Add(owned);
        }
        return owned;
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
