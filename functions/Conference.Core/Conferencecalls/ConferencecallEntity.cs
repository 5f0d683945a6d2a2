using System.Text.Json;
using Conference.Core.Calls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Json;
using Conference.Core.Media;

namespace Conference.Core.Conferencecalls;

/// <summary>One participant: a call's presence in a conference, from joining to leaved.</summary>
public sealed class ConferencecallEntity : Entity<ConferencecallState>
{
    public static class LeaveReasons
    {
        public const string Kicked = "kicked";
        public const string Hangup = "hangup";
        public const string HealthCheck = "health_check";
        public const string MediaLost = "media_lost";
    }

    /// <summary>Made by the conference on a join; a refused join is born <c>leaved</c> with its reason.</summary>
    public ConferencecallView Create(CreateConferencecall input)
    {
        if (State is not null)
        {
            return View();
        }
        var now = Now;
        var state = new ConferencecallState
        {
            Id = Guid.Parse(Context.Id.Key),
            CustomerId = input.CustomerId,
            ConferenceId = input.ConferenceId,
            ReferenceId = input.CallId,
            Role = input.Role,
            Muted = input.Muted,
            Deaf = input.Deaf,
            OnHold = input.OnHold,
            TmCreate = now,
            TmUpdate = now,
        };
        State = state;
        if (input.RefusedReason.Length > 0)
        {
            state.Status = ConferencecallStatus.Leaved;
            state.LeaveReason = input.RefusedReason;
            Notify(EventTypes.ConferencecallLeaved);
            return View();
        }
        Context.Signal(EntityId.Call(state.ReferenceId), nameof(CallEntity.ConferencecallAssigned), state.Id);
        Context.Send(new BridgeLeg(state.ConferenceId, state.Id, state.ReferenceId, state.Muted, state.Deaf, state.OnHold,
            JsonSerializer.SerializeToElement(input.PreActions, CoreJson.Options), JsonSerializer.SerializeToElement(input.PostActions, CoreJson.Options)));
        ArmHealthCheck();
        Notify(EventTypes.ConferencecallJoining);
        return View();
    }

    /// <summary>The media host bridged the leg.</summary>
    public void Joined()
    {
        if (Require().Status == ConferencecallStatus.Joining)
        {
            MoveTo(ConferencecallStatus.Joined);
            ArmHealthCheck();
            Notify(EventTypes.ConferencecallJoined);
        }
    }

    /// <summary>DELETE /conferencecalls/{id}: only a joining or joined participant can be kicked.</summary>
    public ConferencecallView Kick()
    {
        var state = Require();
        if (state.Status is not (ConferencecallStatus.Joining or ConferencecallStatus.Joined))
        {
            throw DomainException.Conflict("CONFERENCECALL_NOT_KICKABLE", $"The conferencecall is {state.Status}; only joining or joined can be kicked.");
        }
        BeginLeaving(LeaveReasons.Kicked);
        return View();
    }

    /// <summary>The media host reports the leg left the bridge (kicked, or the call hung up).</summary>
    public void Left(LegLeftInput input)
    {
        var state = Require();
        if (state.Status == ConferencecallStatus.Leaved)
        {
            return;
        }
        Leave(state.LeaveReason.Length > 0 ? state.LeaveReason : input.Reason);
    }

    /// <summary>The media host lost the leg (it restarted, or the room went): the participant has left, whatever it was doing.</summary>
    public void MediaLost()
    {
        var state = Require();
        if (state.Status != ConferencecallStatus.Leaved)
        {
            // One already being kicked keeps the reason it was leaving for.
            Leave(state.LeaveReason.Length > 0 ? state.LeaveReason : LeaveReasons.MediaLost);
        }
    }

    public ConferencecallView Mute() => SetFlags(muted: true);
    public ConferencecallView Unmute() => SetFlags(muted: false);
    public ConferencecallView Deaf() => SetFlags(deaf: true);
    public ConferencecallView Undeaf() => SetFlags(deaf: false);
    public ConferencecallView Hold() => SetFlags(onHold: true);
    public ConferencecallView Unhold() => SetFlags(onHold: false);

    /// <summary>
    /// The health check timer (<see cref="Conferencecalls.HealthCheck"/> says when it runs); one that an
    /// earlier timer superseded does nothing. A timer stored without its due time runs.
    /// </summary>
    public void HealthCheck(DateTime? due)
    {
        var state = Require();
        if (state.Status == ConferencecallStatus.Leaved || (due is not null && due != state.HealthCheckDue))
        {
            return;
        }
        state.HealthCheckDue = null;
        var (verdict, misses) = Conferencecalls.HealthCheck.Evaluate(state, Now);
        state.HealthMisses = misses;
        if (verdict == HealthVerdict.Remove)
        {
            if (state.Status == ConferencecallStatus.Leaving)
            {
                // The media host never confirmed the leg left: it is gone all the same.
                Leave(state.LeaveReason.Length > 0 ? state.LeaveReason : LeaveReasons.HealthCheck);
                return;
            }
            BeginLeaving(LeaveReasons.HealthCheck);
        }
        ArmHealthCheck();
    }

    public void CallStatusChanged(string status)
    {
        Require().CallStatus = status;
        ArmHealthCheck();
    }

    public void ConferenceStatusChanged(string status)
    {
        Require().ConferenceStatus = status;
        ArmHealthCheck();
    }

    public void MediaLiveness(bool alive)
    {
        Require().MediaAlive = alive;
        ArmHealthCheck();
    }

    /// <summary>Makes sure a check runs by when the health inputs, as they now are, say one must.</summary>
    private void ArmHealthCheck()
    {
        var state = State!;
        if (Conferencecalls.HealthCheck.NextDue(state, Now) is not { } due || state.HealthCheckDue is { } armed && armed <= due)
        {
            return;
        }
        state.HealthCheckDue = due;
        Context.SignalSelf(nameof(HealthCheck), due, new DateTimeOffset(due, TimeSpan.Zero));
    }

    private ConferencecallView SetFlags(bool? muted = null, bool? deaf = null, bool? onHold = null)
    {
        var state = Require();
        if (state.Status != ConferencecallStatus.Joined)
        {
            throw DomainException.Conflict("CONFERENCECALL_NOT_JOINED", $"The conferencecall is {state.Status}; it must be joined.");
        }
        state.Muted = muted ?? state.Muted;
        state.Deaf = deaf ?? state.Deaf;
        state.OnHold = onHold ?? state.OnHold;
        Context.Send(new SetLeg(state.ConferenceId, state.Id, state.Muted, state.Deaf, state.OnHold));
        Notify(EventTypes.ConferencecallUpdated);
        return View();
    }

    private void BeginLeaving(string reason)
    {
        var state = State!;
        MoveTo(ConferencecallStatus.Leaving);
        state.LeaveReason = reason;
        ArmHealthCheck();
        Context.Send(new KickLeg(state.ConferenceId, state.Id, reason));
        Notify(EventTypes.ConferencecallLeaving);
    }

    /// <summary>Leaves for good. The media host runs the post_actions it was given with the bridge, if the call is still up.</summary>
    private void Leave(string reason)
    {
        var state = State!;
        MoveTo(ConferencecallStatus.Leaved);
        state.LeaveReason = reason;
        Notify(EventTypes.ConferencecallLeaved);
    }

    private void MoveTo(string status)
    {
        var state = State!;
        if (ConferencecallStatus.Rank(status) <= ConferencecallStatus.Rank(state.Status))
        {
            throw new InvalidOperationException($"A conferencecall cannot move from {state.Status} to {status}.");
        }
        state.Status = status;
    }

    private ConferencecallState Require() =>
        State ?? throw DomainException.NotFound("CONFERENCECALL_NOT_FOUND", "No such conferencecall.");

    private ConferencecallView View() => ConferencecallView.Of(State!);

    /// <summary>Stores the change and tells the conference, which numbers and publishes the event.</summary>
    private void Notify(string eventType)
    {
        var state = State!;
        state.TmUpdate = Now;
        var view = View();
        Context.Project(Resources.Conferencecall, state.CustomerId, state.Id, view);
        Context.Signal(EntityId.Conference(state.ConferenceId), nameof(ConferenceEntity.ParticipantChanged), new ParticipantChanged(
            state.Id, state.Status, state.Role, state.Muted, state.Deaf, state.OnHold, eventType,
            JsonSerializer.SerializeToElement(view, CoreJson.Options)));
    }
}
