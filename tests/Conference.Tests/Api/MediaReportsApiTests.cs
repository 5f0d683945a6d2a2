using Conference.Adapters.Events;
using System.Net;
using Conference.Adapters;
using Conference.Core.Media;
using Microsoft.Extensions.DependencyInjection;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

public sealed class MediaReportsApiTests(Azurite azurite) : ApiTest(azurite)
{
    private async Task<HttpResponseMessage> ReportAsync(string body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/media/reports") { Content = new StringContent(body) };
        request.Headers.Add(MediaPlaneKey.Header, key ?? Api.MediaKey);
        return await Api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_room_ready_report_makes_the_conference_progressing()
    {
        Api.Media.ConfirmRooms = false;
        var created = await (await Api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference" })).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var response = await ReportAsync($"{{\"type\":\"room_ready\",\"message_id\":\"{Guid.NewGuid()}\",\"room_id\":\"{id}\"}}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("progressing", (await Api.ConferenceAsync(Guid.Parse(id!))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_report_without_the_shared_key_is_401_and_changes_nothing()
    {
        Api.Media.ConfirmRooms = false;
        var created = await (await Api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference" })).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var response = await ReportAsync($"{{\"type\":\"room_ready\",\"message_id\":\"{Guid.NewGuid()}\",\"room_id\":\"{id}\"}}", key: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("starting", (await Api.ConferenceAsync(Guid.Parse(id!))).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"teleport\"}")]
    [InlineData("{\"message_id\":\"x\"}")]
    public async Task A_garbled_report_is_400(string body)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await ReportAsync(body)).StatusCode);
    }

    [Fact]
    public async Task A_report_for_an_unknown_leg_is_404()
    {
        var response = await ReportAsync($"{{\"type\":\"leg_joined\",\"message_id\":\"{Guid.NewGuid()}\",\"leg_id\":\"{Guid.NewGuid()}\"}}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_retried_leg_left_report_is_handled_once()
    {
        Api.Media.CompleteKicks = false;
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);
        var message = Guid.NewGuid();
        var body = $"{{\"type\":\"leg_left\",\"message_id\":\"{message}\",\"leg_id\":\"{call}\",\"reason\":\"hangup\",\"call_up\":false}}";
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(body)).StatusCode);
        var view = await Api.ConferencecallAsync(call);
        Assert.Equal(("leaved", "hangup"), (view.GetProperty("status").GetString(), view.GetProperty("leave_reason").GetString()));
    }

    [Fact]
    public async Task Talking_and_floor_reports_show_in_the_realtime_view_and_in_the_event_log()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(
            $"{{\"type\":\"talking\",\"message_id\":\"{Guid.NewGuid()}\",\"room_id\":\"{conference}\",\"leg_id\":\"{call}\",\"is_talking\":true,\"energy_level\":70}}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(
            $"{{\"type\":\"floor_changed\",\"message_id\":\"{Guid.NewGuid()}\",\"room_id\":\"{conference}\",\"leg_id\":\"{call}\"}}")).StatusCode);

        var realtime = (await Api.ConferenceAsync(conference)).GetProperty("realtime");
        Assert.Equal(call.ToString(), realtime.GetProperty("floor").GetString());
        var participant = realtime.GetProperty("participants")[0];
        Assert.True(participant.GetProperty("talking").GetBoolean());
        Assert.Equal(70, participant.GetProperty("energy_level").GetInt32());

        var log = Api.Services.GetRequiredService<EventLog>();
        await Eventually.TrueAsync(async () =>
        {
            var types = (await log.ReadAsync(conference)).Select(e => e.Type).ToList();
            return types.Contains("conference_talking_started") && types.Contains("conference_floor_changed");
        }, TimeSpan.FromSeconds(5), "The talking and floor events never reached the event log.");
    }
}
