using System.Net;
using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Microsoft.Extensions.DependencyInjection;
using Conference.Tests.Support;

namespace Conference.Tests.Engines;

/// <summary>
/// The scenarios that define the product, from one source, on each engine that runs the core's
/// entities: the embedded runtime and the Durable Task Framework (both over a real Azurite; the
/// media host is the fake at its port). Timers run in real time, so the scenarios pick short ones.
/// </summary>
public abstract class EngineConformance(Azurite azurite, string engine) : IAsyncLifetime
{
    private readonly List<ApiFactory> _hosts = [];

    protected ApiFactory Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Api = NewHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A control plane on this engine; every host of a test is the same customer on the same storage.</summary>
    private ApiFactory NewHost(ApiFactory? sameAs = null)
    {
        var host = new ApiFactory(azurite)
        {
            Token = sameAs?.Token ?? "key-" + Guid.NewGuid().ToString("N"),
            CustomerId = sameAs?.CustomerId ?? Guid.NewGuid(),
            MediaKey = sameAs?.MediaKey ?? "media-" + Guid.NewGuid().ToString("N"),
        };
        host.Settings["CONFERENCE_ENGINE"] = engine;
        host.Settings["CONFERENCE_DELIVER_WEBHOOKS"] = "false";
        _hosts.Add(host);
        return host;
    }

    private Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 20) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(seconds), $"[{engine}] {what}");

    private async Task<string> StatusAsync(string path, ApiFactory? host = null) =>
        (await (await (host ?? Api).Client().GetAsync(path)).JsonAsync()).GetProperty("status").GetString()!;

    private async Task<JsonElement> PostAsync(string path, object? body = null)
    {
        var response = await Api.Client().PostJsonAsync(path, body ?? new { });
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"[{engine}] POST {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    [Fact]
    public async Task A_conference_is_created_confirmed_by_its_room_and_ends_at_its_timeout()
    {
        var conference = await Api.ProgressingConferenceAsync(new { type = "conference", timeout = 3 });

        await UntilAsync(async () => await StatusAsync($"/v1.0/conferences/{conference}") == "terminated", "the timeout never ended the conference", 15);
        Assert.Equal("timeout", (await Api.ConferenceAsync(conference)).GetProperty("end_reason").GetString());
        var minutes = await PostAsync("/v1.0/conferences", new { type = "conference", duration_minutes = 2 });
        Assert.Equal(120, minutes.GetProperty("timeout").GetInt32());
    }

    [Fact]
    public async Task A_room_the_media_host_does_not_confirm_is_asked_for_again_after_ten_seconds()
    {
        Api.Media.ConfirmRooms = false;
        var conference = (await PostAsync("/v1.0/conferences", new { type = "conference" })).GetProperty("id").GetGuid();

        await UntilAsync(() => Task.FromResult(Api.Media.Commands.OfType<CreateRoom>().Count(c => c.RoomId == conference) >= 2),
            "the room check never asked for the room again", 25);
        Assert.Equal("starting", await StatusAsync($"/v1.0/conferences/{conference}"));
        await Api.Entities.CallAsync(EntityId.Conference(conference), nameof(ConferenceEntity.RoomReady));
        Assert.Equal("progressing", await StatusAsync($"/v1.0/conferences/{conference}"));
    }

    [Fact]
    public async Task A_participant_joins_and_leaves_and_a_second_kick_is_409()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var (kicked, hungUp) = (await Api.JoinAsync(conference), await Api.JoinAsync(conference));

        var kick = await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{kicked}");
        Assert.Equal("leaving", (await kick.JsonAsync()).GetProperty("status").GetString());
        await Api.WaitForStatusAsync(kicked, "leaved");
        var again = await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{kicked}");
        await Api.Entities.CallAsync(EntityId.Conferencecall(hungUp), nameof(ConferencecallEntity.Left), new LegLeftInput("hangup", false));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("CONFERENCECALL_NOT_KICKABLE", (await again.JsonAsync()).GetProperty("reason").GetString());
        await Api.WaitForStatusAsync(hungUp, "leaved");
        await UntilAsync(async () => (await Api.ConferenceAsync(conference)).GetProperty("conferencecall_ids").GetArrayLength() == 0, "the participants stayed listed");
    }

    [Fact]
    public async Task In_a_connect_conference_one_leaving_ejects_the_other_and_ends_it()
    {
        var conference = await Api.ProgressingConferenceAsync(new { type = "connect" });
        var (first, second) = (await Api.JoinAsync(conference), await Api.JoinAsync(conference));

        await Api.Entities.CallAsync(EntityId.Conferencecall(first), nameof(ConferencecallEntity.Left), new LegLeftInput("hangup", false));

        await Api.WaitForStatusAsync(second, "leaved");
        await UntilAsync(async () => await StatusAsync($"/v1.0/conferences/{conference}") == "terminated", "the connect conference never ended");
        Assert.Equal("all_left", (await Api.ConferenceAsync(conference)).GetProperty("end_reason").GetString());
    }

    [Fact]
    public async Task The_health_check_removes_a_participant_whose_media_died()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var participant = await Api.JoinAsync(conference);

        await Api.Entities.CallAsync(EntityId.Conferencecall(participant), nameof(ConferencecallEntity.MediaLiveness), false);

        await Api.WaitForStatusAsync(participant, "leaved", seconds: 30);
        Assert.Equal("health_check", (await Api.ConferencecallAsync(participant)).GetProperty("leave_reason").GetString());
    }

    [Fact]
    public async Task A_recording_starts_and_stops_and_a_refusal_is_the_same_problem_on_every_engine()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var recording = (await PostAsync($"/v1.0/conferences/{conference}/recording_start")).GetProperty("recording_id").GetGuid();

        var twice = await Api.Client().PostJsonAsync($"/v1.0/conferences/{conference}/recording_start", new { });
        await PostAsync($"/v1.0/conferences/{conference}/recording_stop");
        await Api.Entities.CallAsync(EntityId.Conference(conference), nameof(ConferenceEntity.RecordingSaved), new RecordingSavedReport(recording, "r.wav", 1.5));

        var problem = await twice.JsonAsync();
        Assert.Equal((HttpStatusCode.Conflict, "RECORDING_ALREADY_ACTIVE", "A recording is already active."),
            (twice.StatusCode, problem.GetProperty("reason").GetString(), problem.GetProperty("detail").GetString()));
        await UntilAsync(async () => await StatusAsync($"/v1.0/recordings/{recording}") == "ended", "the recording never ended");
    }

    [Fact]
    public async Task A_transcription_stores_its_transcripts_and_ends_done_when_the_conference_ends()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var unsupported = await Api.Client().PostJsonAsync($"/v1.0/conferences/{conference}/transcribe_start", new { language = "xx-XX" });
        var transcribe = (await PostAsync($"/v1.0/conferences/{conference}/transcribe_start", new { language = "en-US" })).GetProperty("transcribe_id").GetGuid();
        var participant = Guid.NewGuid();

        await Api.Entities.CallAsync(EntityId.Conference(conference), nameof(ConferenceEntity.TranscriptCreated),
            new TranscriptReport(transcribe, participant, "in", "he was not an ill disposed young man", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().DeleteAsync($"/v1.0/conferences/{conference}")).StatusCode);

        Assert.Equal((HttpStatusCode.BadRequest, "UNSUPPORTED_LANGUAGE"), (unsupported.StatusCode, (await unsupported.JsonAsync()).GetProperty("reason").GetString()));
        await UntilAsync(async () => (await Api.Client().GetAsync($"/v1.0/transcribes/{transcribe}")).StatusCode == HttpStatusCode.OK
            && await StatusAsync($"/v1.0/transcribes/{transcribe}") == "done", "the transcribe never became done");
        await UntilAsync(async () => (await (await Api.Client().GetAsync($"/v1.0/transcripts?transcribe_id={transcribe}")).JsonAsync()).GetProperty("result")
            .EnumerateArray().Any(t => t.GetProperty("conferencecall_id").GetGuid() == participant), "the transcript was never stored");
        var log = Api.Services.GetRequiredService<Conference.Adapters.Events.EventLog>();
        await UntilAsync(async () => (await log.ReadAsync(conference)).Any(e => e.Type == "transcript_created"), "transcript_created was never published");
    }

    [Fact]
    public async Task A_message_delivered_twice_is_applied_once()
    {
        Api.Media.CompleteKicks = false;
        var conference = await Api.ProgressingConferenceAsync();
        var participant = await Api.JoinAsync(conference);
        var message = Guid.NewGuid();

        await Api.Entities.CallAsync(EntityId.Conferencecall(participant), nameof(ConferencecallEntity.Left), new LegLeftInput("hangup", false), message);
        var repeat = await Api.Entities.CallAsync(EntityId.Conferencecall(participant), nameof(ConferencecallEntity.Left), new LegLeftInput("kicked", false), message);

        Assert.Null(repeat);
        Assert.Equal("hangup", (await Api.ConferencecallAsync(participant)).GetProperty("leave_reason").GetString());
        var log = Api.Services.GetRequiredService<Conference.Adapters.Events.EventLog>();
        await UntilAsync(async () => (await log.ReadAsync(conference)).Any(e => e.Type == "conferencecall_leaved"), "the participant's leaving was never published");
        Assert.Single(await log.ReadAsync(conference), e => e.Type == "conferencecall_leaved");
    }

    [Fact]
    public async Task A_timer_stored_before_the_host_stops_still_fires_after_it_starts_again()
    {
        var conference = await Api.ProgressingConferenceAsync(new { type = "conference", timeout = 5 });
        await Api.DisposeAsync();

        var restarted = NewHost(sameAs: Api);
        await UntilAsync(async () => await StatusAsync($"/v1.0/conferences/{conference}", restarted) == "terminated", "the timeout stored before the restart never fired", 30);
        Assert.Equal("timeout", (await restarted.ConferenceAsync(conference)).GetProperty("end_reason").GetString());
    }

    [Fact]
    public async Task Callers_of_an_RCML_application_meet_by_name_the_one_ending_it_on_exit_ends_it_and_the_status_callbacks_are_queued()
    {
        await using var app = await RcmlApp.StartAsync();
        app.Documents["/voice"] = """<Response><Dial><Conference endConferenceOnExit="true" statusCallback="/status">Daily</Conference></Dial></Response>""";
        var number = "+1557" + Random.Shared.Next(1_000_000, 9_999_999);
        await Api.Services.GetRequiredService<Conference.Adapters.DialInNumbers>().AddAsync(
            new Conference.Adapters.DialInNumber(Guid.NewGuid(), Api.CustomerId, number, "", app.Url("voice").ToString(), "POST", DateTime.UtcNow, DateTime.UtcNow));
        async Task<(Guid Conference, Guid Conferencecall)> CallAsync()
        {
            var callId = Guid.NewGuid();
            var request = new HttpRequestMessage(HttpMethod.Post, "/internal/media/calls") { Content = JsonContent(new { call_id = callId, source = "sip:a@127.0.0.1", destination = $"sip:{number}@127.0.0.1" }) };
            request.Headers.Add(MediaPlaneKey.Header, Api.MediaKey);
            var response = await Api.CreateClient().SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"[{engine}] the incoming call was not routed: {(int)response.StatusCode}");
            var join = FlowAction.ParseList((await response.JsonAsync()).GetProperty("actions"), "actions").Single(a => a.Type == "conference_join");
            var conference = Guid.Parse(join.Text("conference_id"));
            var result = await Api.Entities.CallAsync<JoinResult>(EntityId.Conference(conference), nameof(ConferenceEntity.Join), join.JoinRequestFor(callId));
            await Api.WaitForStatusAsync(result.ConferencecallId, "joined");
            return (conference, result.ConferencecallId);
        }

        var (room, host) = await CallAsync();
        var (sameRoom, guest) = await CallAsync();
        Assert.Equal(room, sameRoom);
        await Api.Entities.CallAsync(EntityId.Conferencecall(host), nameof(ConferencecallEntity.Left), new LegLeftInput("hangup", false));

        await Api.WaitForStatusAsync(guest, "leaved");
        await UntilAsync(async () => await StatusAsync($"/v1.0/conferences/{room}") == "terminated", "the host leaving never ended the conference");
        Assert.Equal("host_left", (await Api.ConferenceAsync(room)).GetProperty("end_reason").GetString());
        var queue = Api.Services.GetRequiredService<Conference.Adapters.Events.WebhookQueue>();
        await UntilAsync(async () => (await queue.ReadPendingAsync(1000)).Count(d => d.Event.ConferenceId == room && d.Callback is not null) == 6, "the six status callbacks were never queued");
        var callbacks = (await queue.ReadPendingAsync(1000)).Where(d => d.Event.ConferenceId == room && d.Callback is not null).ToList();
        Assert.Equal(["start", "join", "join", "leave", "leave", "end"], callbacks.Select(c => c.Event.Type));
        Assert.All(callbacks, c => Assert.Equal(app.Url("status").ToString(), c.Callback!.Url));
    }

    [Fact]
    public async Task A_telnyx_conference_made_from_a_dialed_call_bridges_it_and_ends_when_it_leaves()
    {
        Api.Media.AnswerDialedCalls = true;
        Api.Media.RunCommandJoins = true;
        var call = (await PostAsync("/v2/calls", new { to = "sip:bob@127.0.0.1:5999" })).GetProperty("data").GetProperty("call_control_id").GetString()!;
        var callId = Conference.Api.Telnyx.TelnyxIds.CallOf(call, Api.CustomerId)!.Value;
        await UntilAsync(async () => (await Api.Entities.GetStateAsync<Conference.Core.Calls.CallState>(EntityId.Call(callId)))?.Status == "progressing", "the dialed call was never answered");

        var conference = (await PostAsync("/v2/conferences", new { call_control_id = call, name = "engines" })).GetProperty("data").GetProperty("id").GetGuid();
        await UntilAsync(async () => (await Api.ConferenceAsync(conference)).GetProperty("realtime").GetProperty("participants").EnumerateArray()
            .Any(p => p.GetProperty("status").GetString() == "joined"), "the call was never bridged into its conference");
        await PostAsync($"/v2/conferences/{conference}/actions/leave", new { call_control_id = call });
        await UntilAsync(async () => await StatusAsync($"/v1.0/conferences/{conference}") == "terminated", "the conference did not end when its last participant left");
        Assert.Equal("all_left", (await Api.ConferenceAsync(conference)).GetProperty("end_reason").GetString());
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

/// <summary>An emulator per engine's class, with the service-version check off for the Durable Task engine's own storage client.</summary>
public sealed class EngineStorage : IAsyncLifetime
{
    public Azurite Azurite { get; } = Azurite.ForDurableTask();

    public Task InitializeAsync() => Azurite.InitializeAsync();

    public Task DisposeAsync() => Azurite.DisposeAsync();
}

public sealed class EmbeddedEngineConformance(EngineStorage storage) : EngineConformance(storage.Azurite, Conference.LocalHost.Engines.Embedded), IClassFixture<EngineStorage>;

public sealed class DurableEngineConformance(EngineStorage storage) : EngineConformance(storage.Azurite, Conference.LocalHost.Engines.Durable), IClassFixture<EngineStorage>;
