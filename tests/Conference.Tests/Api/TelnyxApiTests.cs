using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Conference.Api.Telnyx;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>
/// The Telnyx facade (seed 003) over the same entities: calls dialed and controlled, a conference made
/// from a call, its commands, Telnyx's errors, and webhooks in Telnyx's shape and signature. The
/// media host is the fake: it answers dialed calls and asks for the joins commands carry.
/// </summary>
public sealed partial class TelnyxApiTests(Azurite azurite) : ApiTest(azurite)
{
    private HttpClient Telnyx()
    {
        Api.Media.AnswerDialedCalls = true;
        Api.Media.RunCommandJoins = true;
        return Api.Client();
    }

    private async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Telnyx().PostJsonAsync(path, body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>A call dialed through Telnyx Call Control and answered by the far end.</summary>
    private async Task<string> AnsweredCallAsync()
    {
        var call = (await PostAsync("/v2/calls", new { connection_id = "1494404757140276705", to = "sip:bob@127.0.0.1:5999", from = "+15550000000" })).GetProperty("data");
        var id = call.GetProperty("call_control_id").GetString()!;
        await Eventually.TrueAsync(async () => (await (await Telnyx().GetAsync($"/v2/calls/{id}")).JsonAsync()).GetProperty("data").GetProperty("is_alive").GetBoolean()
                && Api.Media.Commands.OfType<DialCall>().Any(),
            TimeSpan.FromSeconds(10), "The dialed call never came up.");
        await Eventually.TrueAsync(async () => (await Api.Entities.GetStateAsync<Core.Calls.CallState>(Core.Entities.EntityId.Call(TelnyxIds.CallOf(id, Api.CustomerId)!.Value)))!.Status == "progressing",
            TimeSpan.FromSeconds(10), "The dialed call was never answered.");
        return id;
    }

    private async Task<IReadOnlyList<JsonElement>> ParticipantsAsync(Guid conference) =>
        [.. (await (await Telnyx().GetAsync($"/v2/conferences/{conference}/participants")).JsonAsync()).GetProperty("data").EnumerateArray()];

    private Task UntilParticipantsAsync(Guid conference, Func<IReadOnlyList<JsonElement>, bool> condition, string what) =>
        Eventually.TrueAsync(async () => condition(await ParticipantsAsync(conference)), TimeSpan.FromSeconds(10), what);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex Iso8601();

    [Fact]
    public async Task The_seeds_request_makes_a_conference_from_an_answered_call_which_is_bridged_in_at_once()
    {
        var call = await AnsweredCallAsync();
        Assert.Matches("^v3:[A-Za-z0-9_-]{43}$", call);
        var seed = new
        {
            call_control_id = call, name = "Business", beep_enabled = "always", client_state = "aGF2ZSBhIG5pY2UgZGF5ID1d",
            command_id = "891510ac-f3e4-11e8-af5b-de00688a4901-" + Guid.NewGuid().ToString("N"), duration_minutes = 5,
            hold_audio_url = "http://www.example.com/audio.wav", start_conference_on_create = false, max_participants = 250,
        };
        var answer = await PostAsync("/v2/conferences", seed);
        var data = answer.GetProperty("data");
        Assert.Equal(["record_type", "id", "name", "created_at", "expires_at", "updated_at", "region", "status", "end_reason", "ended_by", "connection_id"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("conference", "Business", "in_progress"), (data.GetProperty("record_type").GetString(), data.GetProperty("name").GetString(), data.GetProperty("status").GetString()));
        var created = DateTime.Parse(data.GetProperty("created_at").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Matches(Iso8601(), data.GetProperty("created_at").GetString());
        Assert.Equal(created.AddMinutes(5), DateTime.Parse(data.GetProperty("expires_at").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.Equal(JsonValueKind.Null, data.GetProperty("end_reason").ValueKind);
        var conference = data.GetProperty("id").GetGuid();

        // The creator is in at once, held (the conference does not start on create) and named by its call control id.
        await UntilParticipantsAsync(conference, p => p.Count == 1 && p[0].GetProperty("status").GetString() == "joined", "The creator never joined.");
        var creator = (await ParticipantsAsync(conference))[0];
        Assert.Equal((call, true, "participant"), (creator.GetProperty("call_control_id").GetString(), creator.GetProperty("on_hold").GetBoolean(), creator.GetProperty("record_type").GetString()));
        var v1 = await Api.ConferenceAsync(conference);
        Assert.Equal(("http://www.example.com/audio.wav", "always", 300, true), (v1.GetProperty("hold_audio_url").GetString(), v1.GetProperty("beep_enabled").GetString(),
            v1.GetProperty("timeout").GetInt32(), v1.GetProperty("end_when_empty").GetBoolean()));

        // A repeat of the command id answers as the first and makes nothing; the same id on another request is 422.
        Assert.Equal(data.GetRawText(), (await PostAsync("/v2/conferences", seed)).GetProperty("data").GetRawText());
        var reused = await PostAsync("/v2/conferences", seed with { name = "Other" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reused.GetProperty("errors")[0].GetProperty("meta").GetProperty("reason").GetString());

        // Without duration_minutes a conference lasts four hours at most.
        var second = (await PostAsync("/v2/conferences", new { call_control_id = await AnsweredCallAsync(), name = "Four hours" })).GetProperty("data");
        Assert.Equal(14400, (await Api.ConferenceAsync(second.GetProperty("id").GetGuid())).GetProperty("timeout").GetInt32());
        Assert.Equal(DateTime.Parse(second.GetProperty("created_at").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal).AddHours(4),
            DateTime.Parse(second.GetProperty("expires_at").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{"name": "x"}""", "/call_control_id" },
        { """{"call_control_id": "CALL"}""", "/name" },
        { """{"call_control_id": "CALL", "name": "x", "beep_enabled": "sometimes"}""", "" },
        { """{"call_control_id": "CALL", "name": "x", "max_participants": 1}""", "/max_participants" },
        { """{"call_control_id": "CALL", "name": "x", "client_state": "not base64!"}""", "/client_state" },
        { """{"call_control_id": "CALL", "name": "x", "hold_audio_url": "http://a.example/a.wav", "hold_media_name": "music"}""", "" },
        { """{"call_control_id": "CALL", "name": "x", "hold_media_name": "music"}""", "" },
        { """{"call_control_id": "v3:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "name": "x"}""", "/call_control_id" },
        { """{"call_control_id": "CALL", "name": 5}""", "/name" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_create_Telnyx_would_refuse_is_422_in_Telnyxs_error_shape(string body, string pointer)
    {
        var call = await AnsweredCallAsync();
        var response = await Telnyx().PostAsync("/v2/conferences", new StringContent(body.Replace("CALL", call), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("detail").GetString()));
        if (pointer.Length > 0)
        {
            Assert.Equal(pointer, error.GetProperty("source").GetProperty("pointer").GetString());
        }
        Assert.Empty((await (await Telnyx().GetAsync("/v2/conferences?filter[name]=x")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Without_a_token_it_is_401_and_another_customers_call_is_not_found()
    {
        var response = await Api.CreateClient().PostAsync("/v2/conferences", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("10009", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("code").GetString());
        var foreign = TelnyxIds.CallControlId(Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await Telnyx().GetAsync($"/v2/calls/{foreign}")).StatusCode);
        Assert.Null(TelnyxIds.CallOf(foreign, Api.CustomerId));
    }

    [Fact]
    public async Task Every_conference_command_is_the_core_operation_on_the_participants_it_names()
    {
        var (first, second) = (await AnsweredCallAsync(), await AnsweredCallAsync());
        var conference = (await PostAsync("/v2/conferences", new { call_control_id = first, name = "Commands " + Guid.NewGuid() })).GetProperty("data").GetProperty("id").GetGuid();
        await PostAsync($"/v2/conferences/{conference}/actions/join", new { call_control_id = second, end_conference_on_exit = true, mute = true });
        await UntilParticipantsAsync(conference, p => p.Count(x => x.GetProperty("status").GetString() == "joined") == 2, "The second call never joined.");
        JsonElement Of(IReadOnlyList<JsonElement> all, string call) => all.Single(p => p.GetProperty("call_control_id").GetString() == call);
        var joined = Of(await ParticipantsAsync(conference), second);
        Assert.True(joined.GetProperty("muted").GetBoolean() && joined.GetProperty("end_conference_on_exit").GetBoolean());

        await PostAsync($"/v2/conferences/{conference}/actions/unmute", new { });
        await UntilParticipantsAsync(conference, p => p.All(x => !x.GetProperty("muted").GetBoolean()), "Unmute of everyone did not unmute everyone.");
        await PostAsync($"/v2/conferences/{conference}/actions/mute", new { call_control_ids = new[] { first } });
        await PostAsync($"/v2/conferences/{conference}/actions/hold", new { call_control_ids = new[] { second } });
        await UntilParticipantsAsync(conference, p => Of(p, first).GetProperty("muted").GetBoolean() && !Of(p, second).GetProperty("muted").GetBoolean()
            && Of(p, second).GetProperty("on_hold").GetBoolean(), "Mute and hold did not reach the named participants only.");
        await PostAsync($"/v2/conferences/{conference}/actions/unhold", new { call_control_ids = new[] { second } });
        await PostAsync($"/v2/conferences/{conference}/actions/update", new { call_control_id = second, supervisor_role = "monitor" });
        await UntilParticipantsAsync(conference, p => !Of(p, second).GetProperty("on_hold").GetBoolean() && Of(p, second).GetProperty("muted").GetBoolean(),
            "Unhold or the monitor role did not take.");

        await PostAsync($"/v2/conferences/{conference}/actions/speak", new { payload = "Welcome", language = "en-US", voice = "female" });
        await PostAsync($"/v2/conferences/{conference}/actions/play", new { audio_url = "http://www.example.com/audio.wav", call_control_ids = new[] { first } });
        // The media host is told after the answer (the command is stored first).
        await Eventually.TrueAsync(() =>
        {
            var plays = Api.Media.Commands.OfType<Play>().Where(p => p.RoomId == conference).ToList();
            return Task.FromResult(plays.Any(p => p.Text == "Welcome" && p.LegIds.Length == 0)
                && plays.Any(p => p.MediaUrl == "http://www.example.com/audio.wav" && p.LegIds.Length == 1));
        }, TimeSpan.FromSeconds(10), "The speak and play commands never reached the media host.");

        await PostAsync($"/v2/conferences/{conference}/actions/record_start", new { format = "wav" });
        Assert.NotEqual(Guid.Empty, (await Api.ConferenceAsync(conference)).GetProperty("recording_id").GetGuid());
        await PostAsync($"/v2/conferences/{conference}/actions/record_pause", new { });
        await PostAsync($"/v2/conferences/{conference}/actions/record_resume", new { });
        await PostAsync($"/v2/conferences/{conference}/actions/record_stop", new { });
        Assert.Equal(Guid.Empty, (await Api.ConferenceAsync(conference)).GetProperty("recording_id").GetGuid());

        foreach (var (command, body) in new (string, object)[]
        {
            ("record_stop", new { }), ("record_start", new { format = "mp3" }), ("stop", new { }), ("update", new { call_control_id = first, supervisor_role = "whisper" }),
            ("mute", new { call_control_ids = new[] { "v3:nobody" } }), ("speak", new { language = "en-US" }), ("join", new { call_control_id = "v3:nobody" }),
        })
        {
            var refused = await Telnyx().PostJsonAsync($"/v2/conferences/{conference}/actions/{command}", body);
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, $"{command}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
        }

        // The participant that ends the conference on exit leaves: the conference ends, ended by its call.
        await PostAsync($"/v2/conferences/{conference}/actions/leave", new { call_control_id = second });
        await Eventually.TrueAsync(async () => (await (await Telnyx().GetAsync($"/v2/conferences/{conference}")).JsonAsync()).GetProperty("data").GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(10), "The conference never completed when its host left.");
        var ended = (await (await Telnyx().GetAsync($"/v2/conferences/{conference}")).JsonAsync()).GetProperty("data");
        Assert.Equal("host_left", ended.GetProperty("end_reason").GetString());
        Assert.Equal(second, ended.GetProperty("ended_by").GetProperty("call_control_id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Telnyx().PostJsonAsync($"/v2/conferences/{conference}/actions/mute", new { })).StatusCode);
    }

    [Fact]
    public async Task Conferences_list_with_telnyx_paging_and_filters()
    {
        var name = "Paged " + Guid.NewGuid().ToString("N")[..8];
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await PostAsync("/v2/conferences", new { call_control_id = await AnsweredCallAsync(), name });
        }
        var page = await (await Telnyx().GetAsync($"/v2/conferences?filter[name]={Uri.EscapeDataString(name)}&page[size]=2&page[number]=2")).JsonAsync();
        Assert.Single(page.GetProperty("data").EnumerateArray());
        var meta = page.GetProperty("meta");
        Assert.Equal((2, 2, 2, 3), (meta.GetProperty("page_number").GetInt32(), meta.GetProperty("page_size").GetInt32(), meta.GetProperty("total_pages").GetInt32(), meta.GetProperty("total_results").GetInt32()));
        Assert.Equal(3, (await (await Telnyx().GetAsync($"/v2/conferences?filter[name]={Uri.EscapeDataString(name)}&filter[status]=in_progress")).JsonAsync())
            .GetProperty("meta").GetProperty("total_results").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Telnyx().GetAsync("/v2/conferences?filter[status]=running")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Telnyx().GetAsync("/v2/conferences?page[size]=0")).StatusCode);
    }

    [Fact]
    public async Task A_telnyx_customer_gets_the_expected_events_in_order_in_telnyxs_envelope_signed_with_ed25519()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().PutJsonAsync("/v1.0/customer", new { webhook_uri = receiver.Uri.ToString(), webhook_format = "telnyx" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Client().PutJsonAsync("/v1.0/customer", new { webhook_format = "twiml" })).StatusCode);
        var publicKey = (await (await Telnyx().GetAsync("/v2/webhook_public_key")).JsonAsync()).GetProperty("data").GetProperty("public_key").GetString()!;

        var call = await AnsweredCallAsync();
        var conference = (await PostAsync("/v2/conferences", new { call_control_id = call, name = "Hooks", client_state = "aGVsbG8=" })).GetProperty("data").GetProperty("id").GetGuid();
        await UntilParticipantsAsync(conference, p => p.Count == 1 && p[0].GetProperty("status").GetString() == "joined", "The creator never joined.");
        await PostAsync($"/v2/conferences/{conference}/actions/leave", new { call_control_id = call });

        string[] expected = ["conference.created", "conference.participant.joined", "conference.participant.left", "conference.ended"];
        IReadOnlyList<WebhookReceiver.Delivery> Mine() => receiver.Deliveries.Where(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("data").GetProperty("payload")
            .TryGetProperty("conference_id", out var id) && id.GetGuid() == conference).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(Mine().Count >= expected.Length), TimeSpan.FromSeconds(20), "The Telnyx events did not all arrive.");
        var delivered = Mine();
        Assert.Equal(expected, delivered.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("data").GetProperty("event_type").GetString()));
        foreach (var d in delivered)
        {
            Assert.True(TelnyxWebhooks.Verify(publicKey, d.Headers[TelnyxWebhooks.TimestampHeader], d.Body, d.Headers[TelnyxWebhooks.SignatureHeader]), "A signature does not verify.");
            var tampered = d.Body.ToArray();
            tampered[^2] ^= 1;
            Assert.False(TelnyxWebhooks.Verify(publicKey, d.Headers[TelnyxWebhooks.TimestampHeader], tampered, d.Headers[TelnyxWebhooks.SignatureHeader]));
            var data = JsonDocument.Parse(d.Body).RootElement.GetProperty("data");
            Assert.Equal("event", data.GetProperty("record_type").GetString());
            Assert.Matches(Iso8601(), data.GetProperty("occurred_at").GetString());
            Assert.Equal("aGVsbG8=", data.GetProperty("payload").GetProperty("client_state").GetString());
        }
        var joinedPayload = JsonDocument.Parse(delivered[1].Body).RootElement.GetProperty("data").GetProperty("payload");
        Assert.Equal(call, joinedPayload.GetProperty("call_control_id").GetString());
        Assert.Equal("all_left", JsonDocument.Parse(delivered[3].Body).RootElement.GetProperty("data").GetProperty("payload").GetProperty("reason").GetString());
        // The call tells of itself too, in its own order.
        Assert.Equal(HttpStatusCode.OK, (await Telnyx().PostJsonAsync($"/v2/calls/{call}/actions/hangup", new { })).StatusCode);
        IReadOnlyList<JsonElement> Calls() => receiver.Deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("data"))
            .Where(d => d.GetProperty("payload").TryGetProperty("call_control_id", out var id) && id.GetString() == call && d.GetProperty("event_type").GetString()!.StartsWith("call.", StringComparison.Ordinal))
            .ToList();
        await Eventually.TrueAsync(() => Task.FromResult(Calls().Count >= 3), TimeSpan.FromSeconds(20), "The call's events did not all arrive.");
        Assert.Equal(["call.initiated", "call.answered", "call.hangup"], Calls().Select(d => d.GetProperty("event_type").GetString()));
        Assert.Equal(("sip:bob@127.0.0.1:5999", "outgoing", "normal_clearing"), (Calls()[2].GetProperty("payload").GetProperty("to").GetString(),
            Calls()[2].GetProperty("payload").GetProperty("direction").GetString(), Calls()[2].GetProperty("payload").GetProperty("hangup_cause").GetString()));
    }

    [Fact]
    public async Task A_call_to_a_call_control_number_rings_is_told_as_initiated_and_is_answered_by_command()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().PutJsonAsync("/v1.0/customer", new { webhook_uri = receiver.Uri.ToString(), webhook_format = "telnyx" })).StatusCode);
        var number = "+1551" + Random.Shared.Next(1_000_000, 9_999_999);
        var claimed = (await PostAsync("/v2/phone_numbers", new { phone_number = number, connection_id = "1494404757140276705" })).GetProperty("data");
        Assert.Equal((number, "1494404757140276705"), (claimed.GetProperty("phone_number").GetString(), claimed.GetProperty("connection_id").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Telnyx().PostJsonAsync("/v2/phone_numbers", new { phone_number = number })).StatusCode);

        var callId = Guid.NewGuid();
        var (status, actions) = await IncomingCalls.RouteAsync(Api, number, callId);
        Assert.Equal((HttpStatusCode.OK, 0), (status, actions.Length));
        var call = TelnyxIds.CallControlId(Api.CustomerId, callId);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Deliveries.Any(d => d.Body.Length > 0 && JsonDocument.Parse(d.Body).RootElement.GetProperty("data").GetProperty("event_type").GetString() == "call.initiated")),
            TimeSpan.FromSeconds(20), "call.initiated never arrived.");
        var initiated = receiver.Deliveries.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("data")).First(d => d.GetProperty("event_type").GetString() == "call.initiated");
        Assert.Equal((call, "incoming"), (initiated.GetProperty("payload").GetProperty("call_control_id").GetString(), initiated.GetProperty("payload").GetProperty("direction").GetString()));

        // Commands other than answer wait for the answer; the answer goes to the media host.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Telnyx().PostJsonAsync($"/v2/calls/{call}/actions/speak", new { payload = "too soon" })).StatusCode);
        await PostAsync($"/v2/calls/{call}/actions/answer", new { });
        await Eventually.TrueAsync(() => Task.FromResult(Api.Media.Commands.OfType<RunCallActions>().Any(c => c.CallId == callId
                && Core.Conferences.FlowAction.FromJson(c.Actions).Single().Type == "answer")),
            TimeSpan.FromSeconds(10), "The answer never reached the media host.");
        var dialed = await AnsweredCallAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Telnyx().PostJsonAsync($"/v2/calls/{dialed}/actions/answer", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Telnyx().DeleteAsync($"/v2/phone_numbers/{claimed.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await IncomingCalls.RouteAsync(Api, number, Guid.NewGuid())).Status);
    }
}
