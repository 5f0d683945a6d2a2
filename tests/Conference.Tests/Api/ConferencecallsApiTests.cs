using System.Net;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

public sealed class ConferencecallsApiTests(Azurite azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task A_joined_participant_has_the_seed_shape_and_is_listed_in_conferencecall_ids()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);

        var view = await Api.ConferencecallAsync(call);
        foreach (var field in new[] { "id", "customer_id", "conference_id", "reference_type", "reference_id", "status", "tm_create", "tm_update", "tm_delete", "role", "muted", "deaf", "on_hold" })
        {
            Assert.True(view.TryGetProperty(field, out _), $"missing {field}");
        }
        Assert.Equal("call", view.GetProperty("reference_type").GetString());
        Assert.Equal(conference.ToString(), view.GetProperty("conference_id").GetString());
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(conference)).GetProperty("conferencecall_ids").EnumerateArray().Any(i => i.GetString() == call.ToString()),
            TimeSpan.FromSeconds(5), "The participant never showed in conferencecall_ids.");
    }

    [Fact]
    public async Task Kick_answers_leaving_then_the_participant_becomes_leaved_and_a_second_kick_is_409()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);
        var client = Api.Client();

        var kicked = await client.DeleteAsync($"/v1.0/conferencecalls/{call}");
        Assert.Equal(HttpStatusCode.OK, kicked.StatusCode);
        Assert.Equal("leaving", (await kicked.JsonAsync()).GetProperty("status").GetString());
        await Api.WaitForStatusAsync(call, "leaved");

        var again = await client.DeleteAsync($"/v1.0/conferencecalls/{call}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("CONFERENCECALL_NOT_KICKABLE", (await again.JsonAsync()).GetProperty("reason").GetString());
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(conference)).GetProperty("conferencecall_ids").GetArrayLength() == 0,
            TimeSpan.FromSeconds(5), "The kicked participant stayed in conferencecall_ids.");
    }

    [Fact]
    public async Task A_kick_of_a_leaving_participant_is_409()
    {
        Api.Media.CompleteKicks = false;
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);
        var client = Api.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/v1.0/conferencecalls/{call}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/v1.0/conferencecalls/{call}")).StatusCode);
    }

    [Fact]
    public async Task Mute_deaf_and_hold_need_a_joined_participant()
    {
        Api.Media.BridgeLegs = false;
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference, expect: "joining");
        var response = await Api.Client().PostAsync($"/v1.0/conferencecalls/{call}/mute", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CONFERENCECALL_NOT_JOINED", (await response.JsonAsync()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Mute_deaf_and_hold_set_the_flags_and_show_in_the_realtime_view()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);
        var client = Api.Client();
        foreach (var action in new[] { "mute", "deaf", "hold" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1.0/conferencecalls/{call}/{action}", null)).StatusCode);
        }
        var view = await Api.ConferencecallAsync(call);
        Assert.True(view.GetProperty("muted").GetBoolean() && view.GetProperty("deaf").GetBoolean() && view.GetProperty("on_hold").GetBoolean());
        await Eventually.TrueAsync(async () =>
        {
            var participant = (await Api.ConferenceAsync(conference)).GetProperty("realtime").GetProperty("participants")[0];
            return participant.GetProperty("muted").GetBoolean() && participant.GetProperty("on_hold").GetBoolean();
        }, TimeSpan.FromSeconds(5), "The realtime view never showed the flags.");
        Assert.False((await (await client.PostAsync($"/v1.0/conferencecalls/{call}/unmute", null)).JsonAsync()).GetProperty("muted").GetBoolean());
    }

    [Fact]
    public async Task Deleting_a_conference_kicks_everyone_and_it_ends_once_they_have_left()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var a = await Api.JoinAsync(conference);
        var b = await Api.JoinAsync(conference);

        var deleted = await (await Api.Client().DeleteAsync($"/v1.0/conferences/{conference}")).JsonAsync();
        Assert.Equal("terminating", deleted.GetProperty("status").GetString());

        await Api.WaitForStatusAsync(a, "leaved");
        await Api.WaitForStatusAsync(b, "leaved");
        await Eventually.TrueAsync(async () => (await Api.ConferenceAsync(conference)).GetProperty("status").GetString() == "terminated",
            TimeSpan.FromSeconds(10), "The conference never became terminated.");
    }

    [Fact]
    public async Task In_a_connect_conference_one_hang_up_ejects_the_other_and_ends_it()
    {
        var conference = await Api.ProgressingConferenceAsync(new { type = "connect" });
        var customer = await Api.JoinAsync(conference);
        var agent = await Api.JoinAsync(conference);

        await Api.Entities.CallAsync(EntityId.Conferencecall(customer), "Left", new Conference.Core.Conferencecalls.LegLeftInput("hangup", false));

        await Api.WaitForStatusAsync(agent, "leaved");
        await Eventually.TrueAsync(async () =>
        {
            var view = await Api.ConferenceAsync(conference);
            return view.GetProperty("status").GetString() == "terminated" && view.GetProperty("end_reason").GetString() == EndReasons.AllLeft;
        }, TimeSpan.FromSeconds(10), "The connect conference never ended as all_left.");
    }

    [Fact]
    public async Task A_join_of_a_locked_conference_leaves_a_leaved_conferencecall_with_the_reason()
    {
        var conference = await Api.ProgressingConferenceAsync();
        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/lock", null);
        var result = await Api.Entities.CallAsync<JoinResult>(EntityId.Conference(conference), nameof(ConferenceEntity.Join), new JoinRequest(Guid.NewGuid()));
        Assert.False(result.Accepted);
        await Api.WaitForStatusAsync(result.ConferencecallId, "leaved");
        Assert.Equal("conference_locked", (await Api.ConferencecallAsync(result.ConferencecallId)).GetProperty("leave_reason").GetString());
    }

    [Fact]
    public async Task The_list_filters_by_conference_and_status()
    {
        var first = await Api.ProgressingConferenceAsync();
        var second = await Api.ProgressingConferenceAsync();
        var a = await Api.JoinAsync(first);
        await Api.JoinAsync(second);
        await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{a}");
        await Api.WaitForStatusAsync(a, "leaved");

        var client = Api.Client();
        var ofFirst = await (await client.GetAsync($"/v1.0/conferencecalls?conference_id={first}")).JsonAsync();
        Assert.Equal([a.ToString()], ofFirst.GetProperty("result").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var joined = await (await client.GetAsync("/v1.0/conferencecalls?status=joined")).JsonAsync();
        Assert.All(joined.GetProperty("result").EnumerateArray(), c => Assert.Equal("joined", c.GetProperty("status").GetString()));
        Assert.Single(joined.GetProperty("result").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1.0/conferencecalls?conference_id=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1.0/conferencecalls?status=dancing")).StatusCode);
    }

    [Fact]
    public async Task Another_customers_participant_is_404_and_unknown_ids_are_404()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var call = await Api.JoinAsync(conference);
        var other = Api.Client(await Api.OtherCustomerTokenAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1.0/conferencecalls/{call}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/v1.0/conferencecalls/{call}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/v1.0/conferencecalls/{call}/mute", null)).StatusCode);
        Assert.Empty((await (await other.GetAsync("/v1.0/conferencecalls")).JsonAsync()).GetProperty("result").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client().GetAsync($"/v1.0/conferencecalls/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal("joined", (await Api.ConferencecallAsync(call)).GetProperty("status").GetString());
    }
}
