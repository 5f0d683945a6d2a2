using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Core.Media;

namespace Conference.Core.Calls;

/// <summary>
/// One call. Outgoing calls are dialed by the media host when created; incoming ones are made when
/// an INVITE reaches a conference's direct hash. The media host runs the actions and reports the
/// call's progress; the call passes its status on to its conferencecall, whose health check reads it.
/// </summary>
public sealed class CallEntity : Entity<CallState>
{
    /// <summary>How long a hangup waits for the media host to confirm before the call is taken as gone.</summary>
    public static readonly TimeSpan HangupConfirmTimeout = TimeSpan.FromSeconds(30);

    public CallView Create(CreateCall input)
    {
        if (State is { } existing)
        {
            if (input.RequestHash == existing.CreateRequestHash)
            {
                return View();
            }
            throw new DomainException(ErrorKind.Unprocessable, "IDEMPOTENCY_KEY_REUSED",
                "This idempotency key was already used with a different request.");
        }
        if (input.Direction == CallDirections.Outgoing && !SipAddress.TryParse(input.Destination, out _))
        {
            throw DomainException.Invalid("INVALID_DESTINATION", "'destination' is a SIP URI: sip:user@host[:port].");
        }
        if (input.Direction == CallDirections.Outgoing && input.Actions.Length == 0 && !input.Controlled)
        {
            throw DomainException.Invalid("INVALID_ACTIONS", "'actions' needs at least one action to run when the call is answered.");
        }
        var now = Now;
        var state = new CallState
        {
            Id = Guid.Parse(Context.Id.Key),
            CustomerId = input.CustomerId,
            Type = input.Type,
            Direction = input.Direction,
            Source = input.Source,
            Destination = input.Destination,
            Status = input.Direction == CallDirections.Outgoing ? CallStatus.Dialing : CallStatus.Ringing,
            Actions = input.Actions,
            Controlled = input.Controlled,
            TmCreate = now,
            TmUpdate = now,
            CreateRequestHash = input.RequestHash,
        };
        State = state;
        if (state.Direction == CallDirections.Outgoing)
        {
            Context.Send(new DialCall(state.Id, state.Source, state.Destination, JsonSerializer.SerializeToElement(state.Actions, CoreJson.Options), state.Controlled));
        }
        Changed();
        Emit(Events.EventTypes.CallCreated);
        return View();
    }

    /// <summary>The media host's report. Status only moves forward, so a late or repeated report changes nothing.</summary>
    public void StatusChanged(CallStatusInput input)
    {
        if (State is not { } state || CallStatus.Rank(input.Status) <= CallStatus.Rank(state.Status))
        {
            return;
        }
        if (CallStatus.Rank(input.Status) < 0)
        {
            throw DomainException.Invalid("INVALID_CALL_STATUS", $"'{input.Status}' is not a call status.");
        }
        state.Status = input.Status;
        if (input.Status == CallStatus.Hangup)
        {
            state.TmHangup = Now;
            state.HangupReason = state.HangupReason.Length > 0 ? state.HangupReason : input.Reason;
        }
        if (state.ConferencecallId != Guid.Empty)
        {
            Context.Signal(EntityId.Conferencecall(state.ConferencecallId), nameof(ConferencecallEntity.CallStatusChanged), state.Status);
        }
        Changed();
        switch (state.Status)
        {
            case CallStatus.Progressing:
                Emit(Events.EventTypes.CallAnswered);
                break;
            case CallStatus.Hangup:
                Emit(Events.EventTypes.CallHangup);
                break;
        }
    }

    /// <summary>The call joined a conference (its conference_join made this conferencecall). A call without an entity (a WebSocket caller) ignores it.</summary>
    public void ConferencecallAssigned(Guid conferencecallId)
    {
        if (State is not { } state)
        {
            return;
        }
        state.ConferencecallId = conferencecallId;
        Changed();
    }

    /// <summary>DELETE /calls/{id}: the media host hangs up; a call already ending is returned as it is.</summary>
    public CallView Hangup()
    {
        var state = Require();
        if (state.Status is CallStatus.Terminating or CallStatus.Hangup)
        {
            return View();
        }
        state.Status = CallStatus.Terminating;
        state.HangupReason = HangupReasons.Normal;
        Context.Send(new HangupCall(state.Id, HangupReasons.Normal));
        Context.SignalSelf(nameof(HangupCheck), null, Context.Now + HangupConfirmTimeout);
        Changed();
        return View();
    }

    /// <summary>
    /// A command to a controlled call (Telnyx Call Control): the media host runs these actions after
    /// the ones it is running. The call must be answered and not ending.
    /// </summary>
    public CallView RunActions(FlowAction[] actions)
    {
        var state = Require();
        if (!state.Controlled)
        {
            throw DomainException.Conflict("CALL_NOT_CONTROLLED", "This call runs its own actions; it takes no commands.");
        }
        // An incoming call rings until a command answers it; every other command needs it answered and up.
        var answering = state.Status == CallStatus.Ringing && state.Direction == CallDirections.Incoming && actions.FirstOrDefault()?.Type == "answer";
        if (state.Status != CallStatus.Progressing && !answering)
        {
            throw DomainException.Conflict("CALL_NOT_ANSWERED", $"The call is {state.Status}; commands need it answered and up.");
        }
        Context.Send(new RunCallActions(state.Id, JsonSerializer.SerializeToElement(actions, CoreJson.Options)));
        return View();
    }

    /// <summary>The media host never confirmed the hangup (it may be gone): the call is over all the same.</summary>
    public void HangupCheck()
    {
        if (Require().Status == CallStatus.Terminating)
        {
            StatusChanged(new CallStatusInput(CallStatus.Hangup, HangupReasons.MediaUnavailable));
        }
    }

    private CallState Require() => State ?? throw DomainException.NotFound("CALL_NOT_FOUND", "No such call.");

    private CallView View() => CallView.Of(State!);

    /// <summary>A controlled call's event, for its customer's webhook (other calls are seen through their conferences).</summary>
    private void Emit(string type)
    {
        var state = State!;
        if (state.Controlled)
        {
            state.Sequence++;
            Context.Publish(new Events.ConferenceEvent(state.Id, state.CustomerId, type, JsonSerializer.SerializeToElement(View(), CoreJson.Options), state.Sequence, ""));
        }
    }

    private void Changed()
    {
        var state = State!;
        state.TmUpdate = Now;
        Context.Project(Resources.Call, state.CustomerId, state.Id, View());
    }
}
