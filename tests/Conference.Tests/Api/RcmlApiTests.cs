using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Conference.Api.Restcomm;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>
/// Dial-in numbers bound to voice applications (Restcomm's IncomingPhoneNumbers), and what a call to
/// one becomes: the RCML of an application on loopback, fetched as Restcomm fetches it, made into the
/// call's actions; conferences found by name; status callbacks delivered to the application.
/// </summary>
public sealed class RcmlApiTests(Azurite azurite) : ApiTest(azurite)
{
    private string Account => "AC" + Api.CustomerId.ToString("N");
    private string Numbers => $"/restcomm/2012-04-24/Accounts/{Account}/IncomingPhoneNumbers";

    private static string NewNumber() => "+1555" + Random.Shared.NextInt64(1_000_000, 9_999_999);

    private HttpClient Restcomm()
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Account}:{Api.Token}")));
        return client;
    }

    private async Task<HttpResponseMessage> BindAsync(string number, Uri voiceUrl, string method = "POST") =>
        await Restcomm().PostAsync(Numbers + ".json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["PhoneNumber"] = number, ["VoiceUrl"] = voiceUrl.ToString(), ["VoiceMethod"] = method, ["FriendlyName"] = "sales line",
        }));

    private Task<(HttpStatusCode Status, FlowAction[] Actions)> CallAsync(string number, Guid callId) => IncomingCalls.RouteAsync(Api, number, callId);

    private static string Types(FlowAction[] actions) => string.Join(" ", actions.Select(a => a.Type));

    [Fact]
    public async Task A_call_to_a_bound_number_runs_the_RCML_of_its_application_and_callers_meet_in_the_conference_of_that_name()
    {
        await using var app = await RcmlApp.StartAsync();
        app.Documents["/voice"] = "<Response><Say>Welcome to sales</Say><Pause length=\"2\"/><Redirect>/room</Redirect><Say>never said</Say></Response>";
        app.Documents["/room"] = """
            <Response>
              <Dial><Conference beep="false" endConferenceOnExit="true" maxParticipants="5" statusCallback="/status">Sales</Conference></Dial>
              <Say>The conference has ended.</Say>
            </Response>
            """;
        var number = NewNumber();
        var bound = await BindAsync(number, app.Url("voice"));
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        var view = await bound.JsonAsync();
        Assert.Matches("^PN[0-9a-f]{32}$", view.GetProperty("sid").GetString());
        Assert.Equal((number, "sales line", "POST", Account), (view.GetProperty("phone_number").GetString(), view.GetProperty("friendly_name").GetString(),
            view.GetProperty("voice_method").GetString(), view.GetProperty("account_sid").GetString()));

        var callId = Guid.NewGuid();
        var (status, actions) = await CallAsync(number, callId);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("answer talk sleep conference_join talk", Types(actions));
        Assert.Equal("Welcome to sales", actions[1].Text("text"));
        Assert.Equal(2000, actions[2].Option.GetProperty("duration").GetInt32());
        var join = actions[3].JoinRequestFor(callId);
        Assert.Equal(new JoinRequest(callId, Roles.Moderator, "", false, BeepModes.Never, true), join);

        // The application was asked as Restcomm asks: the call's parameters, form-encoded.
        var asked = Assert.Single(app.To("/voice"));
        Assert.Equal("POST", asked.Method);
        Assert.Equal($"CA{callId:N}", asked.Fields["CallSid"]);
        Assert.Equal((Account, number, "sip:alice@127.0.0.1:5062", "ringing", "inbound", "2012-04-24"),
            (asked.Fields["AccountSid"], asked.Fields["To"], asked.Fields["From"], asked.Fields["CallStatus"], asked.Fields["Direction"], asked.Fields["ApiVersion"]));
        Assert.Single(app.To("/room"));

        // The conference exists by its name, progressing, made from the first caller's attributes.
        var conferenceId = Guid.Parse(actions[3].Text("conference_id"));
        var conference = await Api.ConferenceAsync(conferenceId);
        Assert.Equal(("Sales", "progressing", 5, false), (conference.GetProperty("name").GetString(), conference.GetProperty("status").GetString(),
            conference.GetProperty("max_participants").GetInt32(), conference.GetProperty("start_conference_on_create").GetBoolean()));

        // A second caller meets the first there; once that conference has ended, the next caller starts a new one.
        var (_, second) = await CallAsync(number, Guid.NewGuid());
        Assert.Equal(conferenceId, Guid.Parse(second[3].Text("conference_id")));
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().DeleteAsync($"/v1.0/conferences/{conferenceId}")).StatusCode);
        var (_, third) = await CallAsync(number, Guid.NewGuid());
        var next = Guid.Parse(third[3].Text("conference_id"));
        Assert.NotEqual(conferenceId, next);
        Assert.Equal("Sales", (await Api.ConferenceAsync(next)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_get_application_is_asked_with_the_parameters_in_its_query_and_a_rejecting_one_is_not_answered()
    {
        await using var app = await RcmlApp.StartAsync();
        app.Documents["/reject"] = "<Response><Reject/><Say>unreachable</Say></Response>";
        var number = NewNumber();
        await BindAsync(number, app.Url("reject?tenant=7"), "GET");

        var (_, actions) = await CallAsync(number, Guid.NewGuid());
        Assert.Equal("hangup", Types(actions));
        var asked = Assert.Single(app.To("/reject"));
        Assert.Equal("GET", asked.Method);
        Assert.Equal(("7", "inbound"), (asked.Fields["tenant"], asked.Fields["Direction"]));
    }

    [Theory]
    [InlineData("/missing", null)]
    [InlineData("/broken", "<Response><Say>unclosed</Response>")]
    [InlineData("/loop", "<Response><Redirect>/loop</Redirect></Response>")]
    public async Task An_application_that_fails_is_heard_to_fail_and_the_call_ends(string path, string? document)
    {
        await using var app = await RcmlApp.StartAsync();
        if (document is not null)
        {
            app.Documents[path] = document;
        }
        var number = NewNumber();
        await BindAsync(number, app.Url(path.TrimStart('/')));

        var (status, actions) = await CallAsync(number, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("answer talk hangup", Types(actions));
        Assert.Equal(RcmlApplications.ApplicationError, actions[1].Text("text"));
        Assert.True(app.To(path).Count <= RcmlApplications.MaxDocuments);
    }

    [Fact]
    public async Task A_number_is_bound_once_changed_and_released_and_bad_input_is_refused()
    {
        await using var app = await RcmlApp.StartAsync();
        var number = NewNumber();
        var sid = (await (await BindAsync(number, app.Url("voice"))).JsonAsync()).GetProperty("sid").GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await BindAsync(number, app.Url("other"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await BindAsync("12ab", app.Url("voice"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await BindAsync(NewNumber(), new Uri("ftp://files.example/app"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await BindAsync(NewNumber(), app.Url("voice"), "PUT")).StatusCode);

        var listed = await (await Restcomm().GetAsync(Numbers + ".json")).JsonAsync();
        Assert.Contains(listed.GetProperty("incoming_phone_numbers").EnumerateArray(), n => n.GetProperty("sid").GetString() == sid);
        var changed = await Restcomm().PostAsync($"{Numbers}/{sid}.json", new FormUrlEncodedContent(new Dictionary<string, string> { ["VoiceUrl"] = app.Url("other").ToString() }));
        Assert.Equal(app.Url("other").ToString(), (await changed.JsonAsync()).GetProperty("voice_url").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"/restcomm/2012-04-24/Accounts/AC{Guid.NewGuid():N}/IncomingPhoneNumbers/{sid}.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"{Numbers}/PN{Guid.NewGuid():N}.json")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Restcomm().DeleteAsync($"{Numbers}/{sid}.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(number, Guid.NewGuid())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync("+19999", Guid.NewGuid())).Status);
    }

    [Fact]
    public async Task Status_callbacks_reach_the_application_as_Restcomm_forms_in_their_order()
    {
        await using var app = await RcmlApp.StartAsync();
        var conference = await Api.ProgressingConferenceAsync(new
        {
            type = "conference", name = "Support", status_callback = new { url = app.Url("status/conference").ToString() },
        });
        var hostCall = Guid.NewGuid();
        var host = await Api.Entities.CallAsync<JoinResult>(EntityId.Conference(conference), nameof(ConferenceEntity.Join),
            new JoinRequest(hostCall, Roles.Moderator, EndConferenceOnExit: true));
        await Api.WaitForStatusAsync(host.ConferencecallId, "joined");
        var guest = await Api.JoinAsync(conference);
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{host.ConferencecallId}")).StatusCode);
        await Api.WaitForStatusAsync(guest, "leaved");

        await Eventually.TrueAsync(() => Task.FromResult(app.To("/status/conference").Count >= 6), TimeSpan.FromSeconds(20), "Fewer than six status callbacks arrived.");
        var callbacks = app.To("/status/conference");
        Assert.Equal(["conference-start", "participant-join", "participant-join", "participant-leave", "participant-leave", "conference-end"],
            callbacks.Select(c => c.Fields["StatusCallbackEvent"]));
        Assert.Equal(["1", "2", "3", "4", "5", "6"], callbacks.Select(c => c.Fields["SequenceNumber"]));
        Assert.All(callbacks, c => Assert.Equal(($"CF{conference:N}", Account, "Support", "POST"), (c.Fields["ConferenceSid"], c.Fields["AccountSid"], c.Fields["FriendlyName"], c.Method)));
        Assert.Equal(($"CA{hostCall:N}", "true"), (callbacks[1].Fields["CallSid"], callbacks[1].Fields["EndConferenceOnExit"]));
        Assert.Equal("participant-with-end-conference-on-exit-left", callbacks[^1].Fields["ReasonConferenceEnded"]);
        Assert.Equal("terminated", (await Api.ConferenceAsync(conference)).GetProperty("status").GetString());
    }
}
