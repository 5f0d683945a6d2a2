using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class ConferenceJoinTests
{
    [Fact]
    public void A_join_creates_a_joining_conferencecall_listed_in_conferencecall_ids()
    {
        var conference = Harnesses.Conference();
        var result = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid())));

        Assert.True(result.Accepted);
        var create = conference.Signals(nameof(ConferencecallEntity.Create)).Single();
        Assert.Equal(EntityId.Conferencecall(result.ConferencecallId), create.Target);
        Assert.Equal([result.ConferencecallId], ConferenceView.Of(conference.State, DateTime.UtcNow).ConferencecallIds);
    }

    [Fact]
    public void A_refused_join_still_makes_a_conferencecall_that_is_born_leaved_with_the_reason()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.Lock());
        var result = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid())));

        Assert.False(result.Accepted);
        Assert.Equal("conference_locked", result.RefusedReason);
        var create = conference.Signals(nameof(ConferencecallEntity.Create)).Single();
        Assert.Equal("conference_locked", create.Input!.Value.GetProperty("refused_reason").GetString());
        Assert.Empty(conference.State.Participants);
    }

    public static TheoryData<string, Action<Harness<ConferenceEntity, ConferenceState>>> Refusals => new()
    {
        { "conference_locked", c => c.Run(e => e.Lock()) },
        { "conference_terminating", c => { c.Join(); c.Run(e => e.Terminate(new TerminateConference(EndReasons.Api))); } },
        { "conference_full", c => { c.Run(e => e.Update(new ConferenceSettings { MaxParticipants = 2 })); c.Join(); c.Join(joined: false); } },
        { "invalid_pin", c => c.Run(e => e.Update(new ConferenceSettings { Member = new RoleSettings { Pins = ["1234"] } })) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_join_is_refused(string reason, Action<Harness<ConferenceEntity, ConferenceState>> arrange)
    {
        var conference = Harnesses.Conference();
        arrange(conference);
        Assert.Equal(reason, conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid()))).RefusedReason);
    }

    [Fact]
    public void A_join_before_the_room_is_ready_is_refused()
    {
        var conference = Harnesses.Conference(progressing: false);
        Assert.Equal("conference_not_ready", conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid()))).RefusedReason);
    }

    [Fact]
    public void Unlock_admits_joins_again()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.Lock());
        conference.Run(e => e.Unlock());
        Assert.True(conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid()))).Accepted);
    }

    [Fact]
    public void The_right_pin_admits_and_the_role_join_settings_apply()
    {
        var conference = Harnesses.Conference(new ConferenceSettings
        {
            Type = ConferenceTypes.Conference,
            Moderator = new RoleSettings { Pins = ["9999"] },
            Member = new RoleSettings { JoinMuted = true, JoinDeaf = true },
        });
        var member = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), Roles.Member)));
        var create = conference.Signals(nameof(ConferencecallEntity.Create)).Single().Input!.Value;
        Assert.True(member.Accepted);
        Assert.True(create.GetProperty("muted").GetBoolean());
        Assert.True(create.GetProperty("deaf").GetBoolean());

        Assert.Equal("invalid_pin", conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), Roles.Moderator, "0000"))).RefusedReason);
        Assert.True(conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), Roles.Moderator, "9999"))).Accepted);
    }

    [Fact]
    public void An_unknown_role_is_invalid()
    {
        var conference = Harnesses.Conference();
        Assert.Equal("INVALID_ROLE", Assert.Throws<DomainException>(() => conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), "boss")))).Reason);
    }

    [Fact]
    public void Without_start_on_create_members_wait_on_hold_until_a_moderator_joins()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, StartConferenceOnCreate = false });
        var member = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid())));
        Assert.True(conference.Signals(nameof(ConferencecallEntity.Create)).Single().Input!.Value.GetProperty("on_hold").GetBoolean());
        conference.Run(e => e.ParticipantChanged(new ParticipantChanged(member.ConferencecallId, ConferencecallStatus.Joined, Roles.Member, false, false, true,
            EventTypes.ConferencecallJoined, FlowAction.EmptyObject)));

        conference.Join(Roles.Moderator);

        Assert.Equal(EntityId.Conferencecall(member.ConferencecallId), conference.Signals(nameof(ConferencecallEntity.Unhold)).Single().Target);
    }

    [Fact]
    public void Entry_and_exit_beeps_follow_beep_enabled()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, BeepEnabled = BeepModes.OnExit });
        var a = conference.Join();
        Assert.Empty(conference.Media<Play>());
        conference.Report(a, ConferencecallStatus.Leaved);
        Assert.Equal("beep_exit", conference.Media<Play>().Single().Tone);

        conference.Run(e => e.Update(new ConferenceSettings { BeepEnabled = BeepModes.Always }));
        conference.Join();
        Assert.Equal("beep_enter", conference.Media<Play>().Single().Tone);
    }

    [Fact]
    public void Participants_action_applies_to_everyone_but_moderators()
    {
        var conference = Harnesses.Conference();
        var member = conference.Join();
        conference.Join(Roles.Moderator);
        conference.Run(e => e.ParticipantsAction(new ParticipantsActionRequest("mute")));
        Assert.Equal([EntityId.Conferencecall(member)], conference.Signals(nameof(ConferencecallEntity.Mute)).Select(s => s.Target));
    }

    [Theory]
    [InlineData("9999", true, Roles.Moderator)]
    [InlineData("1234", true, Roles.Member)]
    [InlineData("5555", false, "")]
    [InlineData("", false, "")]
    public void A_join_by_pin_takes_the_role_whose_pin_it_is(string pin, bool accepted, string role)
    {
        var conference = Harnesses.Conference(new ConferenceSettings
        {
            Type = ConferenceTypes.Conference,
            Member = new RoleSettings { Pins = ["1234"], JoinMuted = true },
            Moderator = new RoleSettings { Pins = ["9999"] },
        });
        var result = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), Roles.ByPin, pin)));
        Assert.Equal(accepted, result.Accepted);
        if (accepted)
        {
            var participant = Assert.Single(conference.State.Participants);
            Assert.Equal((role, role == Roles.Member), (participant.Role, participant.Muted));
        }
        else
        {
            Assert.Equal("invalid_pin", result.RefusedReason);
        }
    }

    [Fact]
    public void Participants_kick_throws_everyone_out_moderators_too()
    {
        var conference = Harnesses.Conference();
        var member = conference.Join();
        var moderator = conference.Join(Roles.Moderator);
        conference.Run(e => e.ParticipantsAction(new ParticipantsActionRequest("kick")));
        Assert.Equal([EntityId.Conferencecall(member), EntityId.Conferencecall(moderator)], conference.Signals(nameof(ConferencecallEntity.Kick)).Select(s => s.Target));
    }

    [Fact]
    public void Participants_action_with_an_unknown_action_is_invalid()
    {
        var conference = Harnesses.Conference();
        Assert.Equal("INVALID_ACTION", Assert.Throws<DomainException>(() => conference.Run(e => e.ParticipantsAction(new ParticipantsActionRequest("shout")))).Reason);
    }

    [Fact]
    public void Play_needs_exactly_one_source_and_known_participants()
    {
        var conference = Harnesses.Conference();
        Assert.Throws<DomainException>(() => conference.Run(e => e.Play(new PlayRequest())));
        Assert.Throws<DomainException>(() => conference.Run(e => e.Play(new PlayRequest(Text: "hi"))));
        Assert.Throws<DomainException>(() => conference.Run(e => e.Play(new PlayRequest(Tone: "beep", ConferencecallIds: [Guid.NewGuid()]))));
        var a = conference.Join();
        conference.Run(e => e.Play(new PlayRequest(Text: "hello", Language: "en-US", ConferencecallIds: [a])));
        Assert.Equal([a], conference.Media<Play>().Single().LegIds);
    }

    [Fact]
    public void The_realtime_view_counts_members_and_moderators()
    {
        var conference = Harnesses.Conference();
        conference.Join();
        conference.Join();
        conference.Join(Roles.Moderator);
        var realtime = ConferenceView.Of(conference.State, conference.Now.UtcDateTime.AddSeconds(30)).Realtime;
        Assert.Equal((2, 1, 30L), (realtime.Members, realtime.Moderators, realtime.Duration));
        Assert.Equal(3, realtime.Participants.Length);
    }
}
