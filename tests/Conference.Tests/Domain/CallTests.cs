using System.Text.Json;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class CallTests
{
    private static readonly FlowAction[] Talk = FlowAction.ParseList(
        JsonDocument.Parse("""[{"type":"talk","option":{"text":"hello","language":"en-US"}}]""").RootElement, "actions");

    private static Harness<CallEntity, CallState> Outgoing(string destination = "sip:alice@127.0.0.1:5062")
    {
        var call = new Harness<CallEntity, CallState>(EntityId.Call(Guid.NewGuid()));
        call.Run(e => e.Create(new CreateCall(Harnesses.Customer, CallTypes.Sip, CallDirections.Outgoing, "conference", destination, Talk)));
        return call;
    }

    [Fact]
    public void Dialing_out_stores_a_dialing_call_and_asks_the_media_host_to_dial_with_its_actions()
    {
        var call = Outgoing();

        Assert.Equal(CallStatus.Dialing, call.State.Status);
        var dial = Assert.Single(call.Media<DialCall>());
        Assert.Equal("sip:alice@127.0.0.1:5062", dial.Destination);
        Assert.Equal("talk", dial.Actions[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("tel:+15551234")]
    [InlineData("sip:")]
    [InlineData("sip:bob@host:99999")]
    [InlineData("")]
    public void A_destination_that_is_not_a_sip_uri_is_refused_and_nothing_is_dialed(string destination)
    {
        var call = new Harness<CallEntity, CallState>(EntityId.Call(Guid.NewGuid()));
        var error = Assert.Throws<DomainException>(() => call.Run(e => e.Create(new CreateCall(Harnesses.Customer, CallTypes.Sip, CallDirections.Outgoing, "", destination, Talk))));
        Assert.Equal(("INVALID_DESTINATION", ErrorKind.Invalid), (error.Reason, error.Kind));
        Assert.Null(call.Entity.State);
    }

    [Fact]
    public void Status_only_moves_forward_and_a_hangup_keeps_its_reason_and_time()
    {
        var call = Outgoing();
        call.Run(e => e.StatusChanged(new CallStatusInput(CallStatus.Progressing, "")));
        call.Run(e => e.StatusChanged(new CallStatusInput(CallStatus.Ringing, "")));
        Assert.Equal(CallStatus.Progressing, call.State.Status);

        call.Run(e => e.StatusChanged(new CallStatusInput(CallStatus.Hangup, HangupReasons.Busy)));
        call.Run(e => e.StatusChanged(new CallStatusInput(CallStatus.Hangup, HangupReasons.Normal)));
        Assert.Equal((CallStatus.Hangup, HangupReasons.Busy), (call.State.Status, call.State.HangupReason));
        Assert.NotNull(call.State.TmHangup);
    }

    [Fact]
    public void A_call_in_a_conference_passes_its_status_to_its_conferencecall_for_the_health_check()
    {
        var call = Outgoing();
        var participant = Guid.NewGuid();
        call.Run(e => e.ConferencecallAssigned(participant));
        call.Run(e => e.StatusChanged(new CallStatusInput(CallStatus.Hangup, HangupReasons.Normal)));

        var signal = Assert.Single(call.Signals(nameof(ConferencecallEntity.CallStatusChanged)));
        Assert.Equal(EntityId.Conferencecall(participant), signal.Target);
        Assert.Equal(CallStatus.Hangup, signal.Input!.Value.GetString());
    }

    [Fact]
    public void Hanging_up_asks_the_media_host_once_and_a_repeat_returns_the_same_call()
    {
        var call = Outgoing();
        var first = call.Run(e => e.Hangup());
        Assert.Equal(CallStatus.Terminating, first.Status);
        Assert.Single(call.Media<HangupCall>());

        call.Run(e => e.Hangup());
        Assert.Empty(call.Media<HangupCall>());
    }

    [Fact]
    public void A_hangup_the_media_host_never_confirms_ends_the_call_when_its_timer_fires()
    {
        var call = Outgoing();
        call.Run(e => e.Hangup());
        var timer = Assert.Single(call.Signals(nameof(CallEntity.HangupCheck)));
        Assert.Equal(call.Now + CallEntity.HangupConfirmTimeout, timer.At);

        call.Run(e => e.HangupCheck());
        Assert.Equal((CallStatus.Hangup, HangupReasons.Normal), (call.State.Status, call.State.HangupReason));
    }

    [Fact]
    public void A_websocket_caller_without_a_call_entity_ignores_being_told_its_conferencecall()
    {
        var call = new Harness<CallEntity, CallState>(EntityId.Call(Guid.NewGuid()));
        call.Run(e => e.ConferencecallAssigned(Guid.NewGuid()));
        call.Run(e => e.StatusChanged(new CallStatusInput(CallStatus.Hangup, "")));
        Assert.Null(call.Entity.State);
        Assert.Empty(call.Effects);
    }

    [Fact]
    public void Actions_follow_next_id_and_end_at_the_last_or_at_an_unknown_next_id()
    {
        var actions = FlowAction.ParseList(JsonDocument.Parse("""
            [{"id":"00000000-0000-0000-0000-000000000001","next_id":"00000000-0000-0000-0000-000000000003","type":"answer"},
             {"id":"00000000-0000-0000-0000-000000000002","type":"hangup"},
             {"id":"00000000-0000-0000-0000-000000000003","type":"beep"},
             {"id":"00000000-0000-0000-0000-000000000004","next_id":"00000000-0000-0000-0000-000000000099","type":"beep"}]
            """).RootElement, "actions");

        Assert.Equal(2, FlowAction.Next(actions, 0));
        Assert.Equal(3, FlowAction.Next(actions, 2));
        Assert.Equal(-1, FlowAction.Next(actions, 3));
        Assert.Equal(2, FlowAction.Next(actions, 1));
    }

    [Theory]
    [InlineData("""[{"type":"talk"}]""")]
    [InlineData("""[{"type":"play","option":{"media_url":""}}]""")]
    [InlineData("""[{"type":"sleep","option":{"duration":"5"}}]""")]
    [InlineData("""[{"type":"sleep","option":{"duration":600001}}]""")]
    [InlineData("""[{"type":"conference_join","option":{"conference_id":"nope"}}]""")]
    [InlineData("""[{"type":"conference_join","option":{"conference_id":"8df77cc3-040d-4f44-b9ef-545bc5f742f7","role":"boss"}}]""")]
    [InlineData("""[{"type":"conference_join","option":{"conference_id":"8df77cc3-040d-4f44-b9ef-545bc5f742f7","role":3}}]""")]
    public void An_action_missing_what_it_needs_is_refused_when_given(string json)
    {
        var error = Assert.Throws<DomainException>(() => FlowAction.ParseList(JsonDocument.Parse(json).RootElement, "actions"));
        Assert.Equal("INVALID_ACTIONS", error.Reason);
    }

    [Theory]
    [InlineData("sip:direct.0123456789ab@sip.example.com", "0123456789ab")]
    [InlineData("sip:DIRECT.0123456789AB@127.0.0.1:5062;transport=udp", "0123456789ab")]
    [InlineData("sip:direct.0123@sip.example.com", null)]
    [InlineData("sip:alice@sip.example.com", null)]
    public void The_direct_hash_is_read_from_the_dial_in_address(string uri, string? hash)
    {
        Assert.True(SipAddress.TryParse(uri, out var address));
        Assert.Equal(hash, address.DirectHashOf());
    }
}
