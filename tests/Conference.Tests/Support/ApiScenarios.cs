using System.Net;
using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Tests.Support;

/// <summary>Steps many API tests share: a progressing conference, a participant joined the way a call's conference_join joins.</summary>
public static class ApiScenarios
{
    public static async Task<Guid> ProgressingConferenceAsync(this ApiFactory api, object? body = null)
    {
        var response = await api.Client().PostJsonAsync("/v1.0/conferences", body ?? new { type = "conference" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Guid.Parse((await response.JsonAsync()).GetProperty("id").GetString()!);
        await Eventually.TrueAsync(async () => (await api.ConferenceAsync(id)).GetProperty("status").GetString() == ConferenceStatus.Progressing,
            TimeSpan.FromSeconds(10), "The conference never became progressing.");
        return id;
    }

    public static async Task<JsonElement> ConferenceAsync(this ApiFactory api, Guid id) =>
        await (await api.Client().GetAsync($"/v1.0/conferences/{id}")).JsonAsync();

    public static async Task<JsonElement> ConferencecallAsync(this ApiFactory api, Guid id) =>
        await (await api.Client().GetAsync($"/v1.0/conferencecalls/{id}")).JsonAsync();

    /// <summary>Joins a call and waits until the participant has the expected status.</summary>
    public static async Task<Guid> JoinAsync(this ApiFactory api, Guid conferenceId, string expect = "joined", string role = Roles.Member)
    {
        var result = await api.Entities.CallAsync<JoinResult>(EntityId.Conference(conferenceId), nameof(ConferenceEntity.Join), new JoinRequest(Guid.NewGuid(), role));
        await api.WaitForStatusAsync(result.ConferencecallId, expect);
        return result.ConferencecallId;
    }

    public static Task WaitForStatusAsync(this ApiFactory api, Guid conferencecallId, string status, int seconds = 10) =>
        Eventually.TrueAsync(async () =>
        {
            var response = await api.Client().GetAsync($"/v1.0/conferencecalls/{conferencecallId}");
            return response.StatusCode == HttpStatusCode.OK && (await response.JsonAsync()).GetProperty("status").GetString() == status;
        }, TimeSpan.FromSeconds(seconds), $"The conferencecall never became {status}.");
}
