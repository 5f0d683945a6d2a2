using System.Net;
using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Runtime;
using Conference.Storage;
using Conference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

public sealed class ConferencesApiTests(Azurite azurite) : ApiTest(azurite)
{
    private async Task<JsonElement> CreateAsync(object? body = null)
    {
        var response = await Api.Client().PostJsonAsync("/v1.0/conferences", body ?? new { type = "conference", name = "test conference", detail = "test conference for example" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> ProgressingAsync(object? body = null)
    {
        var id = (await CreateAsync(body)).GetProperty("id").GetString();
        JsonElement conference = default;
        await Eventually.TrueAsync(async () =>
        {
            conference = await (await Api.Client().GetAsync($"/v1.0/conferences/{id}")).JsonAsync();
            return conference.GetProperty("status").GetString() == ConferenceStatus.Progressing;
        }, TimeSpan.FromSeconds(10), "The conference never became progressing.");
        return conference;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("request_id").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Create_answers_200_in_starting_with_every_documented_field()
    {
        var conference = await CreateAsync();

        foreach (var field in new[]
                 {
                     "id", "customer_id", "type", "status", "name", "detail", "data", "timeout", "pre_actions", "post_actions",
                     "conferencecall_ids", "recording_id", "recording_ids", "transcribe_id", "transcribe_ids", "direct_hash",
                     "tm_create", "tm_update", "tm_delete", "max_participants", "beep_enabled", "start_conference_on_create",
                     "hold_audio_url", "comfort_noise", "client_state", "member", "moderator", "is_locked", "end_reason", "realtime",
                 })
        {
            Assert.True(conference.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal("starting", conference.GetProperty("status").GetString());
        Assert.Equal(Api.CustomerId.ToString(), conference.GetProperty("customer_id").GetString());
        Assert.Equal(JsonValueKind.Array, conference.GetProperty("recording_ids").ValueKind);
        Assert.Equal(Timestamps.Never, conference.GetProperty("tm_delete").GetString());
        Assert.Equal(conference.GetProperty("tm_create").GetString(), conference.GetProperty("tm_update").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$", conference.GetProperty("tm_create").GetString()!);
        Assert.Matches("^[0-9a-f]{12}$", conference.GetProperty("direct_hash").GetString()!);
    }

    [Fact]
    public async Task A_200_means_the_conference_is_stored()
    {
        var id = Guid.Parse((await CreateAsync()).GetProperty("id").GetString()!);
        var stored = await new EntityStore(Azurite.Tables).LoadAsync(EntityId.Conference(id));
        Assert.NotNull(stored.StateJson);
    }

    [Fact]
    public async Task The_conference_becomes_progressing_once_the_media_host_confirms_the_room()
    {
        var conference = await ProgressingAsync();
        Assert.Contains(Api.Media.Commands, c => c is Conference.Core.Media.CreateRoom r && r.RoomId.ToString() == conference.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Without_a_token_or_with_a_wrong_one_the_answer_is_401()
    {
        var anonymous = Api.CreateClient();
        await AssertProblemAsync(await anonymous.GetAsync("/v1.0/conferences"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AssertProblemAsync(await Api.Client("wrong").GetAsync("/v1.0/conferences"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task The_token_may_come_as_a_query_parameter_as_in_the_seeds()
    {
        var response = await Api.CreateClient().GetAsync($"/v1.0/conferences?token={Api.Token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":", "INVALID_JSON")]
    [InlineData("[1,2]", "INVALID_JSON")]
    [InlineData("{\"name\":\"no type\"}", "INVALID_TYPE")]
    [InlineData("{\"type\":\"conference\",\"timeout\":\"soon\"}", "INVALID_PARAMETERS")]
    [InlineData("{\"type\":\"conference\",\"timeout\":-5}", "INVALID_TIMEOUT")]
    [InlineData("{\"type\":\"conference\",\"max_participants\":1000}", "INVALID_MAX_PARTICIPANTS")]
    [InlineData("{\"type\":\"conference\",\"client_state\":\"***\"}", "INVALID_CLIENT_STATE")]
    public async Task Bad_create_input_is_400_with_a_reason_and_nothing_is_stored(string body, string reason)
    {
        var client = Api.Client();
        await AssertProblemAsync(await client.PostRawAsync("/v1.0/conferences", body), HttpStatusCode.BadRequest, reason);
        var list = await (await client.GetAsync("/v1.0/conferences")).JsonAsync();
        Assert.Empty(list.GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var conference = await CreateAsync(new { type = "conference", colour = "blue" });
        Assert.False(conference.TryGetProperty("colour", out _));
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_nothing_is_stored()
    {
        var client = Api.Client();
        var body = JsonSerializer.Serialize(new { type = "conference", detail = new string('x', 70 * 1024) });
        await AssertProblemAsync(await client.PostRawAsync("/v1.0/conferences", body), HttpStatusCode.RequestEntityTooLarge, "BODY_TOO_LARGE");
        Assert.Empty((await (await client.GetAsync("/v1.0/conferences")).JsonAsync()).GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_id_is_404_and_a_malformed_one_is_400()
    {
        var client = Api.Client();
        await AssertProblemAsync(await client.GetAsync($"/v1.0/conferences/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
        await AssertProblemAsync(await client.GetAsync("/v1.0/conferences/not-a-uuid"), HttpStatusCode.BadRequest, "INVALID_ID");
        await AssertProblemAsync(await client.DeleteAsync($"/v1.0/conferences/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
        await AssertProblemAsync(await client.PostAsync($"/v1.0/conferences/{Guid.NewGuid()}/lock", null), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
    }

    [Fact]
    public async Task Another_customers_conference_is_404_everywhere_and_absent_from_lists()
    {
        var id = (await CreateAsync()).GetProperty("id").GetString();
        var other = Api.Client(await Api.OtherCustomerTokenAsync());

        await AssertProblemAsync(await other.GetAsync($"/v1.0/conferences/{id}"), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
        await AssertProblemAsync(await other.PutAsync($"/v1.0/conferences/{id}", new StringContent("{\"name\":\"x\"}")), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
        await AssertProblemAsync(await other.DeleteAsync($"/v1.0/conferences/{id}"), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
        foreach (var command in new[] { "recording_start", "recording_stop", "transcribe_stop", "direct-hash-regenerate", "lock", "unlock" })
        {
            await AssertProblemAsync(await other.PostAsync($"/v1.0/conferences/{id}/{command}", null), HttpStatusCode.NotFound, "CONFERENCE_NOT_FOUND");
        }
        Assert.Empty((await (await other.GetAsync("/v1.0/conferences")).JsonAsync()).GetProperty("result").EnumerateArray());
        var mine = await (await Api.Client().GetAsync($"/v1.0/conferences/{id}")).JsonAsync();
        Assert.Equal("test conference", mine.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Put_changes_the_given_fields_and_a_different_type_is_400()
    {
        var conference = await ProgressingAsync();
        var id = conference.GetProperty("id").GetString();
        var client = Api.Client();
        var updated = await (await client.PutAsync($"/v1.0/conferences/{id}", new StringContent("{\"detail\":\"new\",\"timeout\":600}"))).JsonAsync();
        Assert.Equal(("test conference", "new", 600), (updated.GetProperty("name").GetString(), updated.GetProperty("detail").GetString(), updated.GetProperty("timeout").GetInt32()));
        await AssertProblemAsync(await client.PutAsync($"/v1.0/conferences/{id}", new StringContent("{\"type\":\"connect\"}")), HttpStatusCode.BadRequest, "TYPE_IMMUTABLE");
    }

    [Fact]
    public async Task Delete_terminates_an_empty_conference_and_a_repeat_returns_the_same_object()
    {
        var id = (await ProgressingAsync()).GetProperty("id").GetString();
        var client = Api.Client();
        var first = await (await client.DeleteAsync($"/v1.0/conferences/{id}")).JsonAsync();
        var second = await (await client.DeleteAsync($"/v1.0/conferences/{id}")).JsonAsync();
        Assert.Equal("terminated", first.GetProperty("status").GetString());
        Assert.NotEqual(Timestamps.Never, first.GetProperty("tm_delete").GetString());
        Assert.Equal(first.GetProperty("tm_update").GetString(), second.GetProperty("tm_update").GetString());
        Assert.Equal(first.GetProperty("tm_delete").GetString(), second.GetProperty("tm_delete").GetString());
        var list = await (await client.GetAsync("/v1.0/conferences")).JsonAsync();
        Assert.DoesNotContain(list.GetProperty("result").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Recording_conflicts_are_409_and_start_then_stop_works()
    {
        var id = (await ProgressingAsync()).GetProperty("id").GetString();
        var client = Api.Client();
        await AssertProblemAsync(await client.PostAsync($"/v1.0/conferences/{id}/recording_stop", null), HttpStatusCode.Conflict, "RECORDING_NOT_ACTIVE");
        var started = await (await client.PostAsync($"/v1.0/conferences/{id}/recording_start", null)).JsonAsync();
        Assert.NotEqual(Guid.Empty.ToString(), started.GetProperty("recording_id").GetString());
        await AssertProblemAsync(await client.PostAsync($"/v1.0/conferences/{id}/recording_start", null), HttpStatusCode.Conflict, "RECORDING_ALREADY_ACTIVE");
        var stopped = await (await client.PostAsync($"/v1.0/conferences/{id}/recording_stop", null)).JsonAsync();
        Assert.Equal(Guid.Empty.ToString(), stopped.GetProperty("recording_id").GetString());
        Assert.Single(stopped.GetProperty("recording_ids").EnumerateArray());
    }

    [Fact]
    public async Task Recording_in_a_starting_conference_is_409()
    {
        Api.Media.ConfirmRooms = false;
        var id = (await CreateAsync()).GetProperty("id").GetString();
        await AssertProblemAsync(await Api.Client().PostAsync($"/v1.0/conferences/{id}/recording_start", null), HttpStatusCode.Conflict, "CONFERENCE_NOT_PROGRESSING");
    }

    [Fact]
    public async Task Transcribe_needs_a_language_and_only_one_is_active()
    {
        var id = (await ProgressingAsync()).GetProperty("id").GetString();
        var client = Api.Client();
        await AssertProblemAsync(await client.PostAsync($"/v1.0/conferences/{id}/transcribe_start", null), HttpStatusCode.BadRequest, "INVALID_LANGUAGE");
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/v1.0/conferences/{id}/transcribe_start", new { language = "en-US" })).StatusCode);
        await AssertProblemAsync(await client.PostJsonAsync($"/v1.0/conferences/{id}/transcribe_start", new { language = "en-US" }), HttpStatusCode.Conflict, "TRANSCRIBE_ALREADY_ACTIVE");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1.0/conferences/{id}/transcribe_stop", null)).StatusCode);
        await AssertProblemAsync(await client.PostAsync($"/v1.0/conferences/{id}/transcribe_stop", null), HttpStatusCode.Conflict, "TRANSCRIBE_NOT_ACTIVE");
    }

    [Fact]
    public async Task Direct_hash_regenerate_needs_no_body_and_gives_a_new_hash()
    {
        var conference = await ProgressingAsync();
        var id = conference.GetProperty("id").GetString();
        var regenerated = await (await Api.Client().PostAsync($"/v1.0/conferences/{id}/direct-hash-regenerate", null)).JsonAsync();
        Assert.Matches("^[0-9a-f]{12}$", regenerated.GetProperty("direct_hash").GetString()!);
        Assert.NotEqual(conference.GetProperty("direct_hash").GetString(), regenerated.GetProperty("direct_hash").GetString());
    }

    [Fact]
    public async Task The_sip_address_book_follows_the_direct_hash_and_forgets_an_ended_conference()
    {
        var conference = await ProgressingAsync();
        var id = Guid.Parse(conference.GetProperty("id").GetString()!);
        var first = conference.GetProperty("direct_hash").GetString()!;
        var addresses = Api.Services.GetRequiredService<DirectHashIndex>();
        Assert.Equal(id, await addresses.FindAsync(first));

        var second = (await (await Api.Client().PostAsync($"/v1.0/conferences/{id}/direct-hash-regenerate", null)).JsonAsync()).GetProperty("direct_hash").GetString()!;
        Assert.Null(await addresses.FindAsync(first));
        Assert.Equal(id, await addresses.FindAsync(second));

        await Api.Client().DeleteAsync($"/v1.0/conferences/{id}");
        Assert.Null(await addresses.FindAsync(second));
    }

    [Fact]
    public async Task Lock_and_unlock_show_in_is_locked()
    {
        var id = (await ProgressingAsync()).GetProperty("id").GetString();
        var client = Api.Client();
        Assert.True((await (await client.PostAsync($"/v1.0/conferences/{id}/lock", null)).JsonAsync()).GetProperty("is_locked").GetBoolean());
        Assert.False((await (await client.PostAsync($"/v1.0/conferences/{id}/unlock", null)).JsonAsync()).GetProperty("is_locked").GetBoolean());
    }

    [Fact]
    public async Task Participants_action_and_play_reach_the_conference()
    {
        var id = (await ProgressingAsync()).GetProperty("id").GetString();
        var client = Api.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/v1.0/conferences/{id}/participants_action", new { action = "mute" })).StatusCode);
        await AssertProblemAsync(await client.PostJsonAsync($"/v1.0/conferences/{id}/participants_action", new { action = "dance" }), HttpStatusCode.BadRequest, "INVALID_ACTION");
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/v1.0/conferences/{id}/play", new { text = "hello", language = "en-US" })).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(Api.Media.Commands.OfType<Conference.Core.Media.Play>().Any(p => p.Text == "hello")),
            TimeSpan.FromSeconds(5), "The play command never reached the media host.");
    }

    [Fact]
    public async Task Duration_minutes_and_extensions_are_stored_and_shown()
    {
        var conference = await CreateAsync(new
        {
            type = "conference", duration_minutes = 2, beep_enabled = "on_enter", max_participants = 10,
            member = new { join_muted = true, pins = new[] { "1234" } }, client_state = "aGk=",
        });
        Assert.Equal(120, conference.GetProperty("timeout").GetInt32());
        Assert.Equal("on_enter", conference.GetProperty("beep_enabled").GetString());
        Assert.Equal(10, conference.GetProperty("max_participants").GetInt32());
        Assert.True(conference.GetProperty("member").GetProperty("join_muted").GetBoolean());
        Assert.Equal("aGk=", conference.GetProperty("client_state").GetString());
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var response = await Api.Client().GetAsync("/v1.0/nothing-here");
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
