using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class ConferencecallTests
{
    private static Harness<ConferencecallEntity, ConferencecallState> Joined()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Joined());
        return call;
    }

    private static string EventOf(Harness<ConferencecallEntity, ConferencecallState> call) =>
        call.Signals(nameof(ConferenceEntity.ParticipantChanged)).Single().Input!.Value.GetProperty("event_type").GetString()!;

    [Fact]
    public void Create_starts_joining_asks_for_the_bridge_and_arms_the_health_check()
    {
        var call = Harnesses.Conferencecall();
        Assert.Equal(ConferencecallStatus.Joining, call.State.Status);
        Assert.Single(call.Media<BridgeLeg>());
        Assert.Equal(call.Now + HealthCheck.JoinTimeout, call.Signals(nameof(ConferencecallEntity.HealthCheck)).Single().At);
        Assert.Equal(EventTypes.ConferencecallJoining, EventOf(call));
    }

    [Fact]
    public void Leg_joined_moves_joining_to_joined()
    {
        var call = Joined();
        Assert.Equal(ConferencecallStatus.Joined, call.State.Status);
        Assert.Equal(EventTypes.ConferencecallJoined, EventOf(call));
    }

    [Theory]
    [InlineData(ConferencecallStatus.Joining)]
    [InlineData(ConferencecallStatus.Joined)]
    public void Kick_of_a_joining_or_joined_participant_makes_it_leaving_and_kicks_the_leg(string from)
    {
        var call = from == ConferencecallStatus.Joined ? Joined() : Harnesses.Conferencecall();
        var view = call.Run(e => e.Kick());
        Assert.Equal(ConferencecallStatus.Leaving, view.Status);
        Assert.Equal("kicked", call.Media<KickLeg>().Single().Reason);
    }

    [Fact]
    public void Kick_of_a_leaving_participant_is_a_conflict()
    {
        var call = Joined();
        call.Run(e => e.Kick());
        var error = Assert.Throws<DomainException>(() => call.Run(e => e.Kick()));
        Assert.Equal((ErrorKind.Conflict, "CONFERENCECALL_NOT_KICKABLE"), (error.Kind, error.Reason));
    }

    [Fact]
    public void Kick_of_a_leaved_participant_is_a_conflict()
    {
        var call = Joined();
        call.Run(e => e.Left(new LegLeftInput("hangup", false)));
        Assert.Equal(ErrorKind.Conflict, Assert.Throws<DomainException>(() => call.Run(e => e.Kick())).Kind);
    }

    [Fact]
    public void A_hangup_moves_joined_straight_to_leaved()
    {
        var call = Joined();
        call.Run(e => e.Left(new LegLeftInput("hangup", false)));
        Assert.Equal((ConferencecallStatus.Leaved, "hangup"), (call.State.Status, call.State.LeaveReason));
        Assert.Equal(EventTypes.ConferencecallLeaved, EventOf(call));
    }

    [Fact]
    public void The_bridge_carries_the_conference_post_actions_for_the_call_to_run_after_it_leaves()
    {
        var actions = FlowAction.ParseList(JsonDocument.Parse("[{\"type\":\"talk\",\"option\":{\"text\":\"bye\",\"language\":\"en-US\"}}]").RootElement, "post_actions");
        var call = Harnesses.Conferencecall(postActions: actions);
        var bridge = call.Media<BridgeLeg>().Single();
        Assert.Equal("talk", bridge.PostActions[0].GetProperty("type").GetString());
        Assert.Equal(0, bridge.PreActions.GetArrayLength());
    }

    [Fact]
    public void A_new_participant_tells_its_call_which_conferencecall_it_is()
    {
        var call = Harnesses.Conferencecall();
        var signal = Assert.Single(call.Effects.OfType<SignalEffect>(), s => s.Target.Name == EntityNames.Call);
        Assert.Equal(call.State.ReferenceId.ToString(), signal.Target.Key);
        Assert.Equal(call.State.Id, signal.Input!.Value.GetGuid());
    }

    [Fact]
    public void A_second_leg_left_report_changes_nothing()
    {
        var call = Joined();
        call.Run(e => e.Left(new LegLeftInput("hangup", false)));
        call.Run(e => e.Left(new LegLeftInput("hangup", false)));
        Assert.Empty(call.Effects);
    }

    [Theory]
    [InlineData("mute")]
    [InlineData("unmute")]
    [InlineData("deaf")]
    [InlineData("undeaf")]
    [InlineData("hold")]
    [InlineData("unhold")]
    public void Flag_changes_need_a_joined_participant(string operation)
    {
        var call = Harnesses.Conferencecall();
        var method = typeof(ConferencecallEntity).GetMethods().Single(m => m.Name.Equals(operation, StringComparison.OrdinalIgnoreCase));
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => call.Run(e => method.Invoke(e, null)!));
        Assert.Equal("CONFERENCECALL_NOT_JOINED", ((DomainException)error.InnerException!).Reason);
    }

    [Fact]
    public void Mute_deaf_and_hold_set_the_leg_and_tell_the_conference()
    {
        var call = Joined();
        call.Run(e => e.Mute());
        call.Run(e => e.Deaf());
        call.Run(e => e.Hold());
        var leg = call.Media<SetLeg>().Single();
        Assert.Equal((true, true, true), (leg.Muted, leg.Deaf, leg.OnHold));
        Assert.Equal(EventTypes.ConferencecallUpdated, EventOf(call));
        call.Run(e => e.Unmute());
        Assert.False(call.State.Muted);
    }

    [Fact]
    public void A_refused_join_is_born_leaved_with_its_reason_and_never_bridged()
    {
        var call = Harnesses.Conferencecall(refused: "conference_locked");
        Assert.Equal((ConferencecallStatus.Leaved, "conference_locked"), (call.State.Status, call.State.LeaveReason));
        Assert.Empty(call.Media<BridgeLeg>());
        Assert.Empty(call.Signals(nameof(ConferencecallEntity.HealthCheck)));
    }
}
