using System.Net;
using System.Text;
using System.Net.WebSockets;
using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>Kazoo's v2 conferences API (seed 002) over the same entities: documents in Kazoo's envelopes, X-Auth-Token, and its actions.</summary>
public sealed class KazooApiTests(Azurite azurite) : ApiTest(azurite)
{
    private string Base => $"/v2/accounts/{Api.CustomerId:N}/conferences";

    private HttpClient Kazoo(string? token = null)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", token ?? Api.Token);
        return client;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await Kazoo(token).SendAsync(request);
        return (response.StatusCode, await response.JsonAsync());
    }

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, string? body = null)
    {
        var (status, json) = await SendAsync(method, path, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {(int)status} {json}");
        Assert.Equal("success", json.GetProperty("status").GetString());
        return json.GetProperty("data");
    }

    private async Task<Guid> CreatedAsync(string document) => Guid.ParseExact((await OkAsync(HttpMethod.Put, Base, document)).GetProperty("id").GetString()!, "N");

    [Fact]
    public async Task A_document_is_created_read_changed_locked_and_deleted_in_kazoos_envelopes()
    {
        var (status, created) = await SendAsync(HttpMethod.Put, Base, """
            {"data": {"name": "Conf", "owner_id": "32d8788da9506b4b1991d5bb86d27b0a", "play_entry_tone": true, "play_exit_tone": false, "play_name": false,
                      "conference_numbers": ["5550000"], "wait_for_moderator": true, "max_participants": 10,
                      "member": {"pins": ["1234"], "numbers": ["5551000"]}, "moderator": {"join_muted": false, "pins": ["9999"]}}}
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["data", "status", "request_id", "revision", "timestamp", "auth_token"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Api.Token, created.GetProperty("auth_token").GetString());
        var doc = created.GetProperty("data");
        Assert.Matches("^[0-9a-f]{32}$", doc.GetProperty("id").GetString());
        // The seed's default: a member joins muted unless told otherwise.
        Assert.True(doc.GetProperty("member").GetProperty("join_muted").GetBoolean());
        Assert.False(doc.GetProperty("moderator").GetProperty("join_muted").GetBoolean());
        Assert.Equal("5551000", doc.GetProperty("member").GetProperty("numbers")[0].GetString());
        Assert.Equal("1234", doc.GetProperty("member").GetProperty("pins")[0].GetString());
        Assert.Equal("5550000", doc.GetProperty("conference_numbers")[0].GetString());
        Assert.Equal("32d8788da9506b4b1991d5bb86d27b0a", doc.GetProperty("owner_id").GetString());
        Assert.Equal((true, false, true, 10), (doc.GetProperty("play_entry_tone").GetBoolean(), doc.GetProperty("play_exit_tone").GetBoolean(),
            doc.GetProperty("wait_for_moderator").GetBoolean(), doc.GetProperty("max_participants").GetInt32()));
        var readOnly = doc.GetProperty("_read_only");
        Assert.Equal((0, 0, false, 0), (readOnly.GetProperty("members").GetInt32(), readOnly.GetProperty("admins").GetInt32(),
            readOnly.GetProperty("is_locked").GetBoolean(), readOnly.GetProperty("participants").GetArrayLength()));
        var id = Guid.ParseExact(doc.GetProperty("id").GetString()!, "N");

        // The same conference in v1.0's terms: the core runs it.
        var v1 = await Api.ConferenceAsync(id);
        Assert.Equal(("on_enter", false, true), (v1.GetProperty("beep_enabled").GetString(), v1.GetProperty("start_conference_on_create").GetBoolean(),
            v1.GetProperty("member").GetProperty("join_muted").GetBoolean()));

        var patched = await OkAsync(HttpMethod.Patch, $"{Base}/{id:N}", """{"data": {"play_exit_tone": "tone_stream://%(200,0,500)", "name": "Renamed"}}""");
        Assert.Equal(("tone_stream://%(200,0,500)", "Renamed"), (patched.GetProperty("play_exit_tone").GetString(), patched.GetProperty("name").GetString()));
        Assert.Equal("5551000", patched.GetProperty("member").GetProperty("numbers")[0].GetString());
        Assert.Equal("always", (await Api.ConferenceAsync(id)).GetProperty("beep_enabled").GetString());

        Assert.True((await OkAsync(HttpMethod.Put, $"{Base}/{id:N}", """{"data": {"action": "lock"}}""")).GetProperty("_read_only").GetProperty("is_locked").GetBoolean());
        var listed = (await OkAsync(HttpMethod.Get, Base)).EnumerateArray().Single(c => c.GetProperty("id").GetString() == id.ToString("N"));
        Assert.Equal(["id", "name", "owner_id", "member", "moderator", "members", "admins", "duration", "is_locked"], listed.EnumerateObject().Select(p => p.Name));
        Assert.True(listed.GetProperty("is_locked").GetBoolean());
        Assert.False((await OkAsync(HttpMethod.Put, $"{Base}/{id:N}", """{"data": {"action": "unlock"}}""")).GetProperty("_read_only").GetProperty("is_locked").GetBoolean());

        await OkAsync(HttpMethod.Delete, $"{Base}/{id:N}");
        Assert.Equal("terminated", (await Api.ConferenceAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Refusals_come_in_kazoos_error_envelope()
    {
        var (status, missing) = await SendAsync(HttpMethod.Put, Base, """{"data": {"member": {}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("error", "400", "invalid data"), (missing.GetProperty("status").GetString(), missing.GetProperty("error").GetString(), missing.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(missing.GetProperty("data").GetProperty("name").GetProperty("required").GetProperty("message").GetString()));

        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, Base, """{"name": "no envelope"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, Base, """{"data": {"name": "x", "play_entry_tone": 3}}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, Base, """{"data": {"name": "x", "member": {"join_muted": "yes"}}}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, Base, "{\"data\": {\"name\": \"" + new string('x', 129) + "\"}}")).Status);
        var id = await CreatedAsync("""{"data": {"name": "actions"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, $"{Base}/{id:N}", """{"data": {"action": "explode"}}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, $"{Base}/{id:N}/participants", """{"data": {"action": "dance"}}""")).Status);

        var (unauthorized, denied) = await SendAsync(HttpMethod.Get, Base, token: "wrong");
        Assert.Equal((HttpStatusCode.Unauthorized, "401", "error"), (unauthorized, denied.GetProperty("error").GetString(), denied.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v2/accounts/{Guid.NewGuid():N}/conferences/{id:N}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"{Base}/{Guid.NewGuid():N}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Put, $"{Base}/{id:N}/participants/7", """{"data": {"action": "mute"}}""")).Status);
    }

    [Fact]
    public async Task With_wait_for_moderator_a_member_is_held_until_a_moderator_joins()
    {
        var id = await CreatedAsync("""{"data": {"name": "waiting", "wait_for_moderator": true}}""");
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(id)).GetProperty("status").GetString() == "progressing", TimeSpan.FromSeconds(10), "No room.");
        var member = await Api.JoinAsync(id);
        Assert.True((await Api.ConferencecallAsync(member)).GetProperty("on_hold").GetBoolean());
        await Api.JoinAsync(id, role: Roles.Moderator);
        await Eventually.TrueAsync(async () => !(await Api.ConferencecallAsync(member)).GetProperty("on_hold").GetBoolean(), TimeSpan.FromSeconds(10),
            "The member stayed on hold after the moderator joined.");
    }

    [Fact]
    public async Task A_conference_number_leads_callers_to_a_pin_prompt_and_a_number_is_one_live_conferences()
    {
        var number = "+1559" + Random.Shared.Next(1_000_000, 9_999_999);
        var document = """{"data": {"name": "numbers", "conference_numbers": ["NUMBER"], "moderator": {"pins": ["9999"]}, "max_members_media": "http://media.example/full.wav"}}""";
        var id = await CreatedAsync(document.Replace("NUMBER", number, StringComparison.Ordinal));
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(id)).GetProperty("status").GetString() == "progressing", TimeSpan.FromSeconds(10), "No room.");

        var (status, actions) = await IncomingCalls.RouteAsync(Api, number, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["answer", "talk", "conference_join"], actions.Select(a => a.Type));
        var join = actions[2];
        Assert.Equal((id.ToString(), Roles.ByPin, "http://media.example/full.wav", true),
            (join.Text("conference_id"), join.Text("role"), join.Text("full_media_url"), join.PromptsForPin));

        // Another live conference cannot take the number; once this one has ended, it can.
        var (taken, _) = await SendAsync(HttpMethod.Put, Base, document.Replace("NUMBER", number, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Put, Base, """{"data": {"name": "bad", "conference_numbers": ["12ab"]}}""")).Status);
        await OkAsync(HttpMethod.Delete, $"{Base}/{id:N}");
        Assert.Equal(HttpStatusCode.NotFound, (await IncomingCalls.RouteAsync(Api, number, Guid.NewGuid())).Status);
        var next = await CreatedAsync(document.Replace("NUMBER", number, StringComparison.Ordinal));
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(next)).GetProperty("status").GetString() == "progressing", TimeSpan.FromSeconds(10), "No room.");
        Assert.Equal(next.ToString(), (await IncomingCalls.RouteAsync(Api, number, Guid.NewGuid())).Actions[2].Text("conference_id"));
    }

    [Fact]
    public async Task Participants_are_numbered_and_the_actions_reach_whom_the_seed_says()
    {
        var id = await CreatedAsync("""{"data": {"name": "room"}}""");
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(id)).GetProperty("status").GetString() == "progressing", TimeSpan.FromSeconds(10), "No room.");
        var first = await Api.JoinAsync(id);
        var second = await Api.JoinAsync(id);
        var moderator = await Api.JoinAsync(id, role: Roles.Moderator);

        var participants = (await OkAsync(HttpMethod.Get, $"{Base}/{id:N}/participants")).EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], participants.Select(p => p.GetProperty("participant_id").GetInt32()));
        Assert.Equal([false, false, true], participants.Select(p => p.GetProperty("is_moderator").GetBoolean()));
        // Members join muted by the seed's default: they cannot speak.
        Assert.All(participants, p => Assert.False(p.GetProperty("speak").GetBoolean()));
        var gregorianNow = (long)(DateTime.UtcNow - DateTime.MinValue).TotalSeconds;
        Assert.InRange(participants[0].GetProperty("join_time").GetInt64(), gregorianNow - 60, gregorianNow + 1);

        await OkAsync(HttpMethod.Put, $"{Base}/{id:N}/participants", """{"data": {"action": "unmute"}}""");
        await Eventually.TrueAsync(async () => (await Api.ConferencecallAsync(first)).GetProperty("muted").GetBoolean() is false
            && (await Api.ConferencecallAsync(second)).GetProperty("muted").GetBoolean() is false, TimeSpan.FromSeconds(10), "Unmute did not reach the members.");
        Assert.True((await Api.ConferencecallAsync(moderator)).GetProperty("muted").GetBoolean());

        await OkAsync(HttpMethod.Put, $"{Base}/{id:N}/participants/2", """{"data": {"action": "deaf"}}""");
        await Eventually.TrueAsync(async () => (await Api.ConferencecallAsync(second)).GetProperty("deaf").GetBoolean(), TimeSpan.FromSeconds(10), "Deaf did not reach participant 2.");
        // The conference hears of it from the participant, a moment later.
        await Eventually.TrueAsync(async () => !(await OkAsync(HttpMethod.Get, $"{Base}/{id:N}")).GetProperty("_read_only").GetProperty("participants")[1].GetProperty("hear").GetBoolean(),
            TimeSpan.FromSeconds(10), "The document never showed participant 2 unable to hear.");

        await OkAsync(HttpMethod.Put, $"{Base}/{id:N}/participants", """{"data": {"action": "kick"}}""");
        foreach (var participant in new[] { first, second, moderator })
        {
            await Api.WaitForStatusAsync(participant, "leaved");
        }
    }
}

/// <summary>Kazoo's participant events on the live WebSocket, for a socket that asks for Kazoo's format.</summary>
public sealed class KazooEventsSocketTests(Azurite azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task A_kazoo_socket_gets_add_mute_deaf_and_del_member_in_kazoos_names()
    {
        using var socket = await EventsSocketTests.ConnectAsync(Api, Api.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type": "subscribe", "topics": ["conference:*"], "format": "kazoo"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var conference = await Api.ProgressingConferenceAsync();
        var participant = await Api.JoinAsync(conference);
        foreach (var action in new[] { "mute", "deaf", "unmute" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Api.Client().PostAsync($"/v1.0/conferencecalls/{participant}/{action}", null)).StatusCode);
        }
        await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{participant}");

        var received = await EventsSocketTests.ReceiveUntilAsync(socket, e => e.TryGetProperty("event", out var name) && name.GetString() == "del-member");
        var events = received.Where(e => e.TryGetProperty("event", out _)).ToList();
        Assert.Equal(["add-member", "mute-member", "deaf-member", "unmute-member", "del-member"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal(("participant_event", "conference", conference.ToString("N")), (e.GetProperty("event_name").GetString(), e.GetProperty("event_category").GetString(), e.GetProperty("conference_id").GetString()));
            Assert.Matches("^[0-9a-f]{32}$", e.GetProperty("call_id").GetString());
        });
        Assert.False(events[1].GetProperty("speak").GetBoolean());
        Assert.False(events[2].GetProperty("hear").GetBoolean());
        Assert.True(events[3].GetProperty("speak").GetBoolean());
        Assert.DoesNotContain(received, e => e.TryGetProperty("sequence", out _));
    }
}
