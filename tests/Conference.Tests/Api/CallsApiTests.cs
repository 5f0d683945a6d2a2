using System.Net;
using System.Net.Http.Json;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

public sealed class CallsApiTests(Azurite azurite) : ApiTest(azurite)
{
    private static readonly object Actions = new[] { new { type = "talk", option = new { text = "hello", language = "en-US" } } };

    private async Task<HttpResponseMessage> MediaPostAsync(string path, object body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(MediaPlaneKey.Header, Api.MediaKey);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        return await Api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Post_calls_stores_a_dialing_outgoing_call_and_the_media_host_is_asked_to_dial_it()
    {
        var response = await Api.Client().PostJsonAsync("/v1.0/calls", new { source = "conference", destination = "sip:alice@127.0.0.1:5062", actions = Actions });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await response.JsonAsync();
        Assert.Equal(("dialing", "outgoing", "sip"), (call.GetProperty("status").GetString(), call.GetProperty("direction").GetString(), call.GetProperty("type").GetString()));
        Assert.Equal("9999-01-01 00:00:00.000000", call.GetProperty("tm_hangup").GetString());
        var id = call.GetProperty("id").GetGuid();

        await Eventually.TrueAsync(() => Task.FromResult(Api.Media.Commands.OfType<DialCall>().Any(d => d.CallId == id)), TimeSpan.FromSeconds(10), "the media host was never asked to dial");
        var listed = await (await Api.Client().GetAsync("/v1.0/calls?direction=outgoing")).JsonAsync();
        Assert.Contains(listed.GetProperty("result").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
    }

    [Theory]
    [InlineData("""{"destination":"tel:123","actions":[{"type":"hangup"}]}""", "INVALID_DESTINATION")]
    [InlineData("""{"destination":"sip:bob@host","actions":[]}""", "INVALID_ACTIONS")]
    [InlineData("""{"destination":"sip:bob@host","actions":[{"type":"dance"}]}""", "INVALID_ACTIONS")]
    [InlineData("""{"destination":5}""", "INVALID_PARAMETERS")]
    public async Task A_bad_dial_is_400_with_its_reason(string body, string reason)
    {
        var response = await Api.Client().PostRawAsync("/v1.0/calls", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason, (await response.JsonAsync()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Delete_hangs_up_once_and_another_customer_sees_no_such_call()
    {
        var call = await (await Api.Client().PostJsonAsync("/v1.0/calls", new { destination = "sip:alice@127.0.0.1:5062", actions = Actions })).JsonAsync();
        var id = call.GetProperty("id").GetGuid();

        var other = await Api.OtherCustomerTokenAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client(other).DeleteAsync($"/v1.0/calls/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client(other).GetAsync($"/v1.0/calls/{id}")).StatusCode);

        var hungUp = await (await Api.Client().DeleteAsync($"/v1.0/calls/{id}")).JsonAsync();
        Assert.Equal("terminating", hungUp.GetProperty("status").GetString());
        await Api.Client().DeleteAsync($"/v1.0/calls/{id}");
        await Eventually.TrueAsync(() => Task.FromResult(Api.Media.Commands.OfType<HangupCall>().Any(h => h.CallId == id)), TimeSpan.FromSeconds(10), "no hangup reached the media host");
        Assert.Single(Api.Media.Commands.OfType<HangupCall>(), h => h.CallId == id);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client().GetAsync($"/v1.0/calls/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task An_invite_to_a_direct_hash_becomes_an_incoming_call_that_answers_and_joins_its_conference()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var hash = (await Api.ConferenceAsync(conference)).GetProperty("direct_hash").GetString();
        var callId = Guid.NewGuid();

        var response = await MediaPostAsync("/internal/media/calls", new { call_id = callId, source = "sip:bob@127.0.0.1", destination = $"sip:direct.{hash}@sip.local" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await response.JsonAsync();
        Assert.Equal(("incoming", "ringing"), (call.GetProperty("direction").GetString(), call.GetProperty("status").GetString()));
        var actions = call.GetProperty("actions").EnumerateArray().ToArray();
        Assert.Equal(["answer", "conference_join"], actions.Select(a => a.GetProperty("type").GetString()));
        Assert.Equal(conference, actions[1].GetProperty("option").GetProperty("conference_id").GetGuid());

        // The call's conference_join needs no customer token: the call speaks for its customer.
        var join = await (await MediaPostAsync("/internal/media/joins", new { conference_id = conference, call_id = callId })).JsonAsync();
        var participant = join.GetProperty("conferencecall_id").GetGuid();
        await Api.WaitForStatusAsync(participant, "joined");
        await Eventually.TrueAsync(async () =>
            (await (await Api.Client().GetAsync($"/v1.0/calls/{callId}")).JsonAsync()).GetProperty("conferencecall_id").GetGuid() == participant,
            TimeSpan.FromSeconds(10), "the call never learned its conferencecall");
    }

    [Fact]
    public async Task An_unknown_or_regenerated_hash_is_404_and_a_join_for_someone_elses_conference_is_refused()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var old = (await Api.ConferenceAsync(conference)).GetProperty("direct_hash").GetString();
        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/direct-hash-regenerate", null);

        Assert.Equal(HttpStatusCode.NotFound, (await MediaPostAsync("/internal/media/calls", new { call_id = Guid.NewGuid(), destination = $"sip:direct.{old}@x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await MediaPostAsync("/internal/media/calls", new { call_id = Guid.NewGuid(), destination = "sip:alice@x" })).StatusCode);

        // A WebSocket caller (no call entity) needs a token, and only its own customer's conference will do.
        Assert.Equal(HttpStatusCode.Unauthorized, (await MediaPostAsync("/internal/media/joins", new { conference_id = conference, call_id = Guid.NewGuid() })).StatusCode);
        var other = await Api.OtherCustomerTokenAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await MediaPostAsync("/internal/media/joins", new { conference_id = conference, call_id = Guid.NewGuid() }, other)).StatusCode);
    }

    [Fact]
    public async Task A_call_status_report_moves_the_call_forward()
    {
        var call = await (await Api.Client().PostJsonAsync("/v1.0/calls", new { destination = "sip:alice@127.0.0.1:5062", actions = Actions })).JsonAsync();
        var id = call.GetProperty("id").GetGuid();
        foreach (var (status, reason) in new[] { ("progressing", ""), ("hangup", "busy") })
        {
            var response = await MediaPostAsync("/internal/media/reports", new { type = "call_status", message_id = Guid.NewGuid(), call_id = id, status, reason });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        var after = await (await Api.Client().GetAsync($"/v1.0/calls/{id}")).JsonAsync();
        Assert.Equal(("hangup", "busy"), (after.GetProperty("status").GetString(), after.GetProperty("hangup_reason").GetString()));
    }
}
