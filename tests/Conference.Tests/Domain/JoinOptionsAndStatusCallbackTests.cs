using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

/// <summary>Twilio's per-participant join options (muted, beep, endConferenceOnExit), conferences that end when empty, and status callbacks.</summary>
public sealed class JoinOptionsAndStatusCallbackTests
{
    private static Guid JoinWith(Harness<ConferenceEntity, ConferenceState> conference, JoinRequest request, bool joined = true)
    {
        var result = conference.Run(e => e.Join(request));
        Assert.True(result.Accepted, result.RefusedReason);
        if (joined)
        {
            conference.Report(result.ConferencecallId, ConferencecallStatus.Joined, request.Role);
        }
        return result.ConferencecallId;
    }

    [Fact]
    public void A_joins_own_muted_and_beep_override_the_role_and_the_conference()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, BeepEnabled = BeepModes.Always });
        var result = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), Muted: true, Beep: BeepModes.Never)));
        Assert.True(conference.Signals(nameof(ConferencecallEntity.Create)).Single().Input!.Value.GetProperty("muted").GetBoolean());
        conference.Report(result.ConferencecallId, ConferencecallStatus.Joined);
        Assert.Empty(conference.Media<Play>());

        conference.Join();
        Assert.Equal("beep_enter", Assert.Single(conference.Media<Play>()).Tone);
        Assert.Throws<DomainException>(() => conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), Beep: "loud"))));
    }

    [Fact]
    public void A_participant_that_ends_the_conference_on_exit_ends_it_when_it_leaves_and_the_others_are_kicked()
    {
        var conference = Harnesses.Conference();
        var host = JoinWith(conference, new JoinRequest(Guid.NewGuid(), EndConferenceOnExit: true));
        var guest = conference.Join();
        conference.Report(host, ConferencecallStatus.Leaved);

        Assert.Equal(ConferenceStatus.Terminating, conference.State.Status);
        Assert.Equal(EndReasons.HostLeft, conference.State.EndReason);
        Assert.Equal(EntityId.Conferencecall(guest), Assert.Single(conference.Signals(nameof(ConferencecallEntity.Kick))).Target);
    }

    [Fact]
    public void One_that_never_got_in_does_not_end_the_conference_on_exit()
    {
        var conference = Harnesses.Conference();
        conference.Join();
        var host = JoinWith(conference, new JoinRequest(Guid.NewGuid(), EndConferenceOnExit: true), joined: false);
        conference.Report(host, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);
    }

    [Fact]
    public void A_conference_that_ends_when_empty_ends_when_its_last_participant_leaves()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, EndWhenEmpty = true });
        var (first, second) = (conference.Join(), conference.Join());
        conference.Report(first, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);
        conference.Report(second, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Terminated, conference.State.Status);
        Assert.Equal(EndReasons.AllLeft, conference.State.EndReason);
    }

    [Fact]
    public void Status_callbacks_tell_start_join_leave_and_end_in_a_sequence_of_their_own_and_leave_the_events_gapless()
    {
        var callback = new StatusCallback("https://app.example/status");
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, StatusCallback = callback });
        var callbacks = new List<CallbackEffect>();
        var events = new List<PublishEffect>();
        void Collect()
        {
            callbacks.AddRange(conference.Effects.OfType<CallbackEffect>());
            events.AddRange(conference.Effects.OfType<PublishEffect>());
        }
        var callId = Guid.NewGuid();
        var host = conference.Run(e => e.Join(new JoinRequest(callId, Roles.Moderator, EndConferenceOnExit: true))).ConferencecallId;
        Collect();
        conference.Report(host, ConferencecallStatus.Joined, Roles.Moderator);
        Collect();
        var guest = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid()))).ConferencecallId;
        Collect();
        foreach (var (id, status, role) in new[] { (guest, ConferencecallStatus.Joined, Roles.Member), (host, ConferencecallStatus.Leaved, Roles.Moderator), (guest, ConferencecallStatus.Leaved, Roles.Member) })
        {
            conference.Report(id, status, role);
            Collect();
        }

        Assert.Equal(["start", "join", "join", "leave", "leave", "end"], callbacks.Select(c => c.Event.Type));
        Assert.Equal([1L, 2, 3, 4, 5, 6], callbacks.Select(c => c.Event.Sequence));
        Assert.All(callbacks, c => Assert.Equal(callback, c.Target));
        var hostJoin = callbacks[1].Event.Data;
        Assert.Equal(callId, hostJoin.GetProperty("call_id").GetGuid());
        Assert.True(hostJoin.GetProperty("end_conference_on_exit").GetBoolean());
        Assert.True(hostJoin.GetProperty("start_conference_on_enter").GetBoolean());
        Assert.Equal(EndReasons.HostLeft, callbacks[^1].Event.Data.GetProperty("end_reason").GetString());
        var sequences = events.Select(e => e.Event.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences);
    }

    [Fact]
    public void Only_the_chosen_status_callback_events_are_sent()
    {
        var conference = Harnesses.Conference(new ConferenceSettings
        {
            Type = ConferenceTypes.Conference, StatusCallback = new StatusCallback("https://app.example/status", "GET", ["end"]),
        });
        var participant = conference.Join();
        Assert.Empty(conference.Effects.OfType<CallbackEffect>());
        conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        conference.Report(participant, ConferencecallStatus.Leaved);
        Assert.Equal("end", Assert.Single(conference.Effects.OfType<CallbackEffect>()).Event.Type);
    }

    [Theory]
    [InlineData("""{"url": "ftp://app.example/status"}""")]
    [InlineData("""{"url": "https://app.example/status", "method": "PUT"}""")]
    [InlineData("""{"url": "https://app.example/status", "events": ["start", "speaker"]}""")]
    public void A_status_callback_that_cannot_be_delivered_is_refused(string callback)
    {
        var settings = new ConferenceSettings
        {
            Type = ConferenceTypes.Conference,
            StatusCallback = JsonSerializer.Deserialize<StatusCallback>(callback, Core.Json.CoreJson.Options),
        };
        Assert.Equal("INVALID_STATUS_CALLBACK", Assert.Throws<DomainException>(() => Harnesses.Conference(settings)).Reason);
    }

    [Theory]
    [InlineData("""{"conference_id": "5e4a0680-804e-11ec-8477-2fea5968d85b", "muted": "yes"}""")]
    [InlineData("""{"conference_id": "5e4a0680-804e-11ec-8477-2fea5968d85b", "beep": "loud"}""")]
    [InlineData("""{"conference_id": "5e4a0680-804e-11ec-8477-2fea5968d85b", "end_conference_on_exit": 1}""")]
    public void A_conference_join_with_a_wrong_option_is_refused_when_given(string option)
    {
        var list = JsonDocument.Parse($$"""[{"type": "conference_join", "option": {{option}}}]""").RootElement;
        Assert.Equal("INVALID_ACTIONS", Assert.Throws<DomainException>(() => FlowAction.ParseList(list, "actions")).Reason);
    }

    [Fact]
    public void A_conference_join_carries_its_options_into_the_join()
    {
        var list = JsonDocument.Parse("""[{"type": "conference_join", "option": {"conference_id": "5e4a0680-804e-11ec-8477-2fea5968d85b", "role": "moderator", "muted": true, "beep": "on_exit", "end_conference_on_exit": true}}]""").RootElement;
        var call = Guid.NewGuid();
        Assert.Equal(new JoinRequest(call, Roles.Moderator, "", true, BeepModes.OnExit, true), FlowAction.ParseList(list, "actions")[0].JoinRequestFor(call));
    }
}
