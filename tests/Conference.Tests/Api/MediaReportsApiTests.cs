using System.Net;
using Conference.Adapters;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

[Collection(AzuriteCollection.Name)]
public sealed class MediaReportsApiTests(Azurite azurite) : IDisposable
{
    private readonly ApiFactory _api = new(azurite);

    public void Dispose() => _api.Dispose();

    private async Task<HttpResponseMessage> ReportAsync(string body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/media/reports") { Content = new StringContent(body) };
        request.Headers.Add(MediaHostClient.KeyHeader, key ?? _api.MediaKey);
        return await _api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_room_ready_report_makes_the_conference_progressing()
    {
        _api.Media.ConfirmRooms = false;
        var created = await (await _api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference" })).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var response = await ReportAsync($"{{\"type\":\"room_ready\",\"message_id\":\"{Guid.NewGuid()}\",\"room_id\":\"{id}\"}}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("progressing", (await _api.ConferenceAsync(Guid.Parse(id!))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_report_without_the_shared_key_is_401_and_changes_nothing()
    {
        _api.Media.ConfirmRooms = false;
        var created = await (await _api.Client().PostJsonAsync("/v1.0/conferences", new { type = "conference" })).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var response = await ReportAsync($"{{\"type\":\"room_ready\",\"message_id\":\"{Guid.NewGuid()}\",\"room_id\":\"{id}\"}}", key: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("starting", (await _api.ConferenceAsync(Guid.Parse(id!))).GetProperty("status").GetString());
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
        _api.Media.CompleteKicks = false;
        var conference = await _api.ProgressingConferenceAsync();
        var call = await _api.JoinAsync(conference);
        var message = Guid.NewGuid();
        var body = $"{{\"type\":\"leg_left\",\"message_id\":\"{message}\",\"leg_id\":\"{call}\",\"reason\":\"hangup\",\"call_up\":false}}";
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(body)).StatusCode);
        var view = await _api.ConferencecallAsync(call);
        Assert.Equal(("leaved", "hangup"), (view.GetProperty("status").GetString(), view.GetProperty("leave_reason").GetString()));
    }
}
