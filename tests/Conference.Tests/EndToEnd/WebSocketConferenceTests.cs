using System.Net;
using Conference.Media.Audio;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>The whole local stack as processes: the API, the entity runtime, the media host, Azurite; callers on the WebSocket path.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class WebSocketConferenceTests(LocalStack stack)
{
    private readonly HttpClient _api = stack.Api();

    private async Task<Guid> ProgressingConferenceAsync()
    {
        var created = await (await _api.PostJsonAsync("v1.0/conferences", new { type = "conference" })).JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await (await _api.GetAsync($"v1.0/conferences/{id}")).JsonAsync()).GetProperty("status").GetString() == "progressing",
            TimeSpan.FromSeconds(15), stack.Explain("the conference never reached progressing"));
        return id;
    }

    private Task WaitForStatusAsync(string path, string status) =>
        Eventually.TrueAsync(async () =>
        {
            var response = await _api.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK && (await response.JsonAsync()).GetProperty("status").GetString() == status;
        }, TimeSpan.FromSeconds(20), stack.Explain($"{path} never became {status}"));

    private static void AssertHears(short[] heard, double other, double own)
    {
        Assert.True(heard.Length >= AudioFormat.SampleRate / 2, $"heard only {heard.Length} samples");
        var otherPower = AudioTools.Power(heard, other);
        var ownPower = AudioTools.Power(heard, own);
        Assert.True(otherPower > 100 * ownPower, $"{other} Hz at {otherPower:E2}, its own {own} Hz at {ownPower:E2}");
    }

    [Fact]
    public async Task Two_websocket_callers_join_hear_each_other_and_a_recording_holds_both()
    {
        var conference = await ProgressingConferenceAsync();
        await using var alice = await WebSocketCaller.JoinAsync(stack, conference);
        await using var bob = await WebSocketCaller.JoinAsync(stack, conference);
        await WaitForStatusAsync($"v1.0/conferencecalls/{alice.ConferencecallId}", "joined");
        await WaitForStatusAsync($"v1.0/conferencecalls/{bob.ConferencecallId}", "joined");
        var recordingId = (await (await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_start", new { })).JsonAsync()).GetProperty("recording_id").GetGuid();

        await Task.WhenAll(alice.SayAsync(700, 2.5), bob.SayAsync(1300, 2.5));
        AssertHears(alice.Heard(AudioFormat.SampleRate), other: 1300, own: 700);
        AssertHears(bob.Heard(AudioFormat.SampleRate), other: 700, own: 1300);
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_stop", new { })).StatusCode);

        await WaitForStatusAsync($"v1.0/recordings/{recordingId}", "ended");
        var recording = await (await _api.GetAsync($"v1.0/recordings/{recordingId}")).JsonAsync();
        Assert.Equal(conference, recording.GetProperty("reference_id").GetGuid());
        Assert.InRange(recording.GetProperty("duration").GetDouble(), 2.0, 6.0);
        var file = await _api.GetAsync($"v1.0/recordings/{recordingId}/file");
        Assert.Equal("audio/wav", file.Content.Headers.ContentType?.MediaType);
        var samples = AudioTools.ReadPcm16(await file.Content.ReadAsByteArrayAsync());
        Assert.True(AudioTools.Power(samples, 700) > 0 && AudioTools.Power(samples, 1300) > 0);
        var loud = samples.Chunk(AudioFormat.SampleRate / 2).Where(c => c.Length == AudioFormat.SampleRate / 2 && AudioTools.Power(c, 700) > 1e5 && AudioTools.Power(c, 1300) > 1e5);
        Assert.NotEmpty(loud);

        Assert.Equal(HttpStatusCode.OK, (await _api.DeleteAsync($"v1.0/recordings/{recordingId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"v1.0/recordings/{recordingId}/file")).StatusCode);
        Assert.Null(await stack.Storage.DownloadAsync("recordings", $"{Harnesses.Customer}/{conference}/{recordingId}.wav"));
    }

    [Fact]
    public async Task A_refused_websocket_join_is_an_http_error_never_an_open_socket()
    {
        var locked = await ProgressingConferenceAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync($"v1.0/conferences/{locked}/lock", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, await WebSocketCaller.RefusalOfAsync(stack, locked));

        // The media host loses the room while the control plane still has the conference progressing.
        var roomless = await ProgressingConferenceAsync();
        using var media = stack.Media();
        var destroy = await media.PostAsync("v1/commands", new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { message_id = Guid.NewGuid(), command = new { type = "destroy_room", room_id = roomless } }),
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, destroy.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await WebSocketCaller.RefusalOfAsync(stack, roomless));

        // Two heartbeats without the room and the control plane gives the conference its room again.
        WebSocketCaller caller;
        try
        {
            caller = await WebSocketCaller.JoinWhenReadyAsync(stack, roomless, TimeSpan.FromSeconds(20));
        }
        catch (System.Net.WebSockets.WebSocketException e)
        {
            throw new Xunit.Sdk.XunitException($"the room was not made again: {e.Message}\n{stack.RecentLogs()}");
        }
        await using var _ = caller;
        await WaitForStatusAsync($"v1.0/conferencecalls/{caller.ConferencecallId}", "joined");
    }

    [Fact]
    public async Task A_caller_who_hangs_up_leaves_the_conference()
    {
        var conference = await ProgressingConferenceAsync();
        await using var caller = await WebSocketCaller.JoinAsync(stack, conference);
        await WaitForStatusAsync($"v1.0/conferencecalls/{caller.ConferencecallId}", "joined");

        await caller.HangUpAsync();

        await WaitForStatusAsync($"v1.0/conferencecalls/{caller.ConferencecallId}", "leaved");
    }

    [Fact]
    public async Task A_kicked_caller_leaves_and_its_socket_is_closed()
    {
        var conference = await ProgressingConferenceAsync();
        await using var caller = await WebSocketCaller.JoinAsync(stack, conference);
        await WaitForStatusAsync($"v1.0/conferencecalls/{caller.ConferencecallId}", "joined");

        Assert.Equal(HttpStatusCode.OK, (await _api.DeleteAsync($"v1.0/conferencecalls/{caller.ConferencecallId}")).StatusCode);

        await WaitForStatusAsync($"v1.0/conferencecalls/{caller.ConferencecallId}", "leaved");
        Assert.Equal(HttpStatusCode.Conflict, (await _api.DeleteAsync($"v1.0/conferencecalls/{caller.ConferencecallId}")).StatusCode);
    }

    [Fact]
    public async Task A_join_with_another_customers_token_or_an_unknown_conference_is_refused()
    {
        var url = new UriBuilder(stack.MediaUrl) { Scheme = "ws", Path = $"v1/conferences/{Guid.NewGuid()}/join", Query = $"token={LocalStack.AccessKey}" }.Uri;
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));
        var conference = await ProgressingConferenceAsync();
        var stranger = new UriBuilder(stack.MediaUrl) { Scheme = "ws", Path = $"v1/conferences/{conference}/join", Query = "token=not-a-key" }.Uri;
        using var other = new System.Net.WebSockets.ClientWebSocket();
        await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => other.ConnectAsync(stranger, CancellationToken.None));
    }

    [Fact]
    public async Task Killing_the_media_host_mid_recording_leaves_a_playable_wav_of_what_was_committed()
    {
        var conference = await ProgressingConferenceAsync();
        var caller = await WebSocketCaller.JoinAsync(stack, conference);
        await WaitForStatusAsync($"v1.0/conferencecalls/{caller.ConferencecallId}", "joined");
        var recordingId = (await (await _api.PostJsonAsync($"v1.0/conferences/{conference}/recording_start", new { })).JsonAsync()).GetProperty("recording_id").GetGuid();
        var blobName = $"{Harnesses.Customer}/{conference}/{recordingId}.wav";
        var talking = caller.SayAsync(900, 10);
        await Eventually.TrueAsync(async () => await stack.Storage.DownloadAsync("recordings", blobName) is { } part && AudioTools.SoxSeconds(part) >= 2,
            TimeSpan.FromSeconds(15), stack.Explain("no block was committed while recording"));
        await Task.Delay(TimeSpan.FromSeconds(1));

        try
        {
            stack.KillMediaHost();
            await caller.DisposeAsync();
            await talking.ContinueWith(_ => { });

            var blob = await stack.Storage.DownloadAsync("recordings", blobName);
            Assert.NotNull(blob);
            Assert.InRange(AudioTools.SoxSeconds(blob), 2.0, 10.0);
            Assert.Equal(blob.Length - WavFile.HeaderBytes, AudioTools.ReadPcm16(blob).Length * 2);
        }
        finally
        {
            // The other tests share this stack: bring the media host back whatever happened.
            await stack.StartMediaHostAsync();
        }
    }
}
