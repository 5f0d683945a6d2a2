using System.Net;
using System.Text;
using Conference.Media.Rtp;
using Conference.Media.Sip;
using Conference.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Tests.Sip;

/// <summary>The media host's SIP user agent against a hand-driven peer on real UDP, with T1 = 50 ms so 64*T1 is 3.2 s.</summary>
public sealed class SipTransactionTests : IAsyncLifetime
{
    private static readonly SipTimers Fast = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400));
    private readonly SipEndpoint _endpoint = new(new IPEndPoint(IPAddress.Loopback, 0), IPAddress.Loopback,
        new RtpPorts(IPAddress.Loopback, 0, 0), Fast, NullLogger.Instance);
    private readonly SipPeer _peer = new();
    private readonly List<SipCall> _calls = [];
    private const string Conference = "direct.0123456789ab";

    public Task InitializeAsync()
    {
        _endpoint.Incoming = (call, _) =>
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
            return Task.FromResult(SipAddressOf(call) == Conference ? 0 : 404);
        };
        _endpoint.Start();
        return Task.CompletedTask;
    }

    private static string SipAddressOf(SipCall call) =>
        Core.Calls.SipAddress.TryParse(call.Destination, out var address) ? address.User : "";

    private IPEndPoint Target => _endpoint.LocalEndPoint;

    private SipCall OnlyCall()
    {
        lock (_calls)
        {
            return Assert.Single(_calls);
        }
    }

    private async Task<SipCall> OfferedAsync(string branch = "z9hG4bK-1")
    {
        _peer.Send(_peer.Invite(Conference, Target, branch, SipPeer.Offer(40000)), Target);
        await _peer.ExpectResponseAsync(100, "INVITE");
        await _peer.ExpectResponseAsync(180, "INVITE");
        return OnlyCall();
    }

    private async Task<(SipCall Call, SipMessage Ok)> AnsweredAsync()
    {
        var call = await OfferedAsync();
        Assert.True(call.Answer());
        var ok = await _peer.ExpectResponseAsync(200, "INVITE");
        return (call, ok);
    }

    [Fact]
    public async Task An_invite_gets_100_180_and_a_200_with_an_sdp_answer_that_is_resent_until_the_ack()
    {
        var (call, ok) = await AnsweredAsync();

        Assert.True(Sdp.TryParse(ok.Body, out var answer));
        Assert.Equal([0], answer.PayloadTypes.Take(1));
        Assert.Equal(call.Leg!.LocalEndPoint.Port, answer.Port);
        Assert.Equal(call.LocalTag, ok.ToTag);
        Assert.Contains($"rport={_peer.Port}", ok["Via"]);
        var resent = await _peer.CountAsync(m => m.StatusCode == 200, TimeSpan.FromSeconds(2));
        Assert.True(resent >= 2, $"the 200 was resent {resent} times while unacknowledged ({_endpoint.Counters.Retransmissions} retransmissions counted)");

        _peer.Send(_peer.InDialog("ACK", Conference, Target, "z9hG4bK-ack", 1, ok.ToTag), Target);
        await _peer.CountAsync(_ => true, TimeSpan.FromMilliseconds(150)); // drains a 200 sent before the ACK arrived
        Assert.Equal(0, await _peer.CountAsync(m => m.StatusCode == 200, TimeSpan.FromMilliseconds(600)));
        Assert.Equal(SipCallState.Answered, call.State);
    }

    [Fact]
    public async Task A_200_never_acknowledged_ends_the_call_with_a_bye_after_64_T1()
    {
        var (call, _) = await AnsweredAsync();
        string? reason = null;
        call.Ended += (_, r) => reason = r;

        var bye = await _peer.ExpectRequestAsync("BYE", TimeSpan.FromSeconds(6));
        _peer.Send(_peer.Respond(bye, 200, "OK"), Target);

        Assert.Equal("no_ack", reason);
        Assert.Equal(SipCallState.Ended, call.State);
    }

    [Fact]
    public async Task A_retransmitted_invite_gets_the_last_response_again_and_makes_no_second_call()
    {
        var call = await OfferedAsync("z9hG4bK-re");
        _peer.Send(_peer.Invite(Conference, Target, "z9hG4bK-re", SipPeer.Offer(40000)), Target);
        await _peer.ExpectResponseAsync(180, "INVITE");

        Assert.Equal(1, _endpoint.Counters.CallsIn);
        Assert.Same(call, OnlyCall());
    }

    [Fact]
    public async Task Cancel_before_the_answer_gets_200_and_the_invite_a_487_resent_until_acked()
    {
        var call = await OfferedAsync("z9hG4bK-c");
        _peer.Send(_peer.InDialog("CANCEL", Conference, Target, "z9hG4bK-c", 1, ""), Target);

        await _peer.ExpectResponseAsync(200, "CANCEL");
        var terminated = await _peer.ExpectResponseAsync(487, "INVITE");
        Assert.True(call.IsEnded);
        Assert.False(call.Answer());
        Assert.True(await _peer.CountAsync(m => m.StatusCode == 487, TimeSpan.FromSeconds(1)) >= 1, "the 487 was not resent");

        _peer.Send(_peer.InDialog("ACK", Conference, Target, "z9hG4bK-c", 1, terminated.ToTag), Target);
        await _peer.CountAsync(_ => true, TimeSpan.FromMilliseconds(150));
        Assert.Equal(0, await _peer.CountAsync(m => m.StatusCode == 487, TimeSpan.FromMilliseconds(600)));
    }

    [Fact]
    public async Task Cancel_racing_an_answer_that_won_changes_nothing()
    {
        var (call, ok) = await AnsweredAsync();
        _peer.Send(_peer.InDialog("CANCEL", Conference, Target, "z9hG4bK-1", 1, ""), Target);

        await _peer.ExpectResponseAsync(200, "CANCEL");
        Assert.Equal(SipCallState.Answered, call.State);
        Assert.False(call.IsEnded);
        _peer.Send(_peer.InDialog("ACK", Conference, Target, "z9hG4bK-ack", 1, ok.ToTag), Target);
    }

    [Fact]
    public async Task A_client_reusing_a_branch_for_another_call_gets_a_transaction_of_its_own_not_the_old_answer()
    {
        _peer.Send(_peer.Invite("direct.000000000000", Target, "z9hG4bK-reused", SipPeer.Offer(40000)), Target);
        var refused = await _peer.ExpectResponseAsync(404, "INVITE");
        _peer.Send(_peer.InDialog("ACK", "direct.000000000000", Target, "z9hG4bK-reused", 1, refused.ToTag), Target);
        await _peer.CountAsync(_ => true, TimeSpan.FromMilliseconds(150)); // drains a 404 resent before the ACK arrived

        // The same branch and sender, but another call: a new INVITE, not a retransmission of the refused one.
        var other = _peer.Invite(Conference, Target, "z9hG4bK-reused", SipPeer.Offer(40002)).Replace($"Call-ID: {_peer.CallId}", "Call-ID: another-call@peer");
        _peer.Send(other, Target);
        var ringing = await _peer.ExpectResponseAsync(180, "INVITE");
        Assert.Equal("another-call@peer", ringing.CallId);
        Assert.Equal(Conference, SipAddressOf(_calls.Last()));
    }

    [Fact]
    public async Task A_bye_ends_the_call_and_a_bye_outside_any_dialog_gets_481()
    {
        var (call, ok) = await AnsweredAsync();
        _peer.Send(_peer.InDialog("ACK", Conference, Target, "z9hG4bK-ack", 1, ok.ToTag), Target);
        string? reason = null;
        call.Ended += (_, r) => reason = r;

        _peer.Send(_peer.InDialog("BYE", Conference, Target, "z9hG4bK-bye", 2, ok.ToTag), Target);
        await _peer.ExpectResponseAsync(200, "BYE");
        Assert.Equal("hangup", reason);
        Assert.True(call.Leg!.IsEnded);

        _peer.Send(_peer.InDialog("BYE", Conference, Target, "z9hG4bK-bye2", 3, "nosuchtag"), Target);
        await _peer.ExpectResponseAsync(481, "BYE");
    }

    [Fact]
    public async Task Hanging_up_an_answered_call_sends_a_bye_in_its_dialog()
    {
        var (call, ok) = await AnsweredAsync();
        _peer.Send(_peer.InDialog("ACK", Conference, Target, "z9hG4bK-ack", 1, ok.ToTag), Target);

        call.Hangup("normal");
        var bye = await _peer.ExpectRequestAsync("BYE");
        Assert.Equal(ok.ToTag, bye.FromTag);
        Assert.Equal(_peer.Tag, bye.ToTag);
        Assert.Equal(_peer.CallId, bye.CallId);
        Assert.StartsWith($"sip:peer@127.0.0.1:{_peer.Port}", bye.RequestUri);
        Assert.True(bye.CSeq.Number >= 2);
        _peer.Send(_peer.Respond(bye, 200, "OK"), Target);
    }

    [Fact]
    public async Task Options_is_answered_with_what_the_media_host_allows()
    {
        _peer.Send(_peer.InDialog("OPTIONS", "anyone", Target, "z9hG4bK-o", 1, ""), Target);
        var ok = await _peer.ExpectResponseAsync(200, "OPTIONS");
        Assert.Contains("INVITE", ok["Allow"]);
        Assert.Contains("BYE", ok["Allow"]);
    }

    [Fact]
    public async Task Methods_it_does_not_take_get_405_or_501()
    {
        _peer.Send(_peer.InDialog("REGISTER", "anyone", Target, "z9hG4bK-r", 1, ""), Target);
        await _peer.ExpectResponseAsync(405, "REGISTER");
        _peer.Send(_peer.InDialog("FROBNICATE", "anyone", Target, "z9hG4bK-f", 1, ""), Target);
        await _peer.ExpectResponseAsync(501, "FROBNICATE");
    }

    [Fact]
    public async Task An_unknown_address_is_404_and_an_offer_without_g711_is_488()
    {
        _peer.Send(_peer.Invite("direct.ffffffffffff", Target, "z9hG4bK-404", SipPeer.Offer(40000)), Target);
        var notFound = await _peer.ExpectResponseAsync(404, "INVITE");
        _peer.Send(_peer.InDialog("ACK", "direct.ffffffffffff", Target, "z9hG4bK-404", 1, notFound.ToTag), Target);

        using var other = new SipPeer();
        other.Send(other.Invite(Conference, Target, "z9hG4bK-488", SipPeer.Offer(40000, "9 18")), Target);
        await other.ExpectResponseAsync(488, "INVITE");
        using var third = new SipPeer();
        third.Send(third.Invite(Conference, Target, "z9hG4bK-nosdp", ""), Target);
        await third.ExpectResponseAsync(488, "INVITE");
    }

    [Fact]
    public async Task Garbage_is_counted_and_dropped_and_a_request_that_can_be_answered_gets_400()
    {
        var random = new byte[700];
        Random.Shared.NextBytes(random);
        _peer.SendBytes(random, Target);
        _peer.SendBytes("hello\r\n\r\n"u8.ToArray(), Target);
        _peer.SendBytes("INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK-nocallid\r\n\r\n"u8.ToArray(), Target);
        var lying = _peer.InDialog("OPTIONS", "anyone", Target, "z9hG4bK-len", 1, "").Replace("Content-Length: 0", "Content-Length: 500");
        _peer.Send(lying, Target);

        var bad = await _peer.ExpectResponseAsync(400, "OPTIONS");
        Assert.Contains("Content-Length", bad["Warning"]);
        await Eventually.TrueAsync(() => Task.FromResult(_endpoint.Counters.Malformed >= 4), TimeSpan.FromSeconds(2), "malformed messages were not counted");
        _peer.Send(_peer.InDialog("OPTIONS", "anyone", Target, "z9hG4bK-after", 2, ""), Target);
        await _peer.ExpectResponseAsync(200, "OPTIONS");
    }

    [Fact]
    public async Task Compact_header_names_are_understood_and_the_reply_goes_to_the_source_with_rport_filled()
    {
        var body = SipPeer.Offer(40000, "8 101");
        var compact = $"""
            INVITE sip:{Conference}@{Target} SIP/2.0
            v: SIP/2.0/UDP 10.9.9.9:5099;branch=z9hG4bK-compact;rport
            f: <sip:peer@10.9.9.9>;tag={_peer.Tag}
            t: <sip:{Conference}@{Target}>
            i: compact-{Guid.NewGuid():N}
            CSeq: 1 INVITE
            m: <sip:peer@10.9.9.9:5099>
            c: application/sdp
            l: {Encoding.UTF8.GetByteCount(body)}

            {body}
            """;
        _peer.Send(compact, Target);

        var trying = await _peer.ExpectResponseAsync(100, "INVITE");
        Assert.Contains($"rport={_peer.Port}", trying["Via"]);
        Assert.Contains("received=127.0.0.1", trying["Via"]);
        // 100 goes out before the call is made; 180 says it exists and was routed.
        await _peer.ExpectResponseAsync(180, "INVITE");
        var call = OnlyCall();
        Assert.True(call.Answer());
        var ok = await _peer.ExpectResponseAsync(200, "INVITE");
        Assert.True(Sdp.TryParse(ok.Body, out var answer));
        Assert.Equal(8, answer.PayloadTypes[0]);
    }

    [Fact]
    public async Task A_reinvite_putting_the_call_on_hold_is_answered_recvonly_and_its_silence_is_not_dead_media()
    {
        var (call, ok) = await AnsweredAsync();
        _peer.Send(_peer.InDialog("ACK", Conference, Target, "z9hG4bK-ack", 1, ok.ToTag), Target);

        _peer.Send(_peer.Invite(Conference, Target, "z9hG4bK-hold", SipPeer.Offer(40000, "0 101", "sendonly"), cseq: 2, toTag: ok.ToTag), Target);
        var held = await _peer.ExpectResponseAsync(200, "INVITE");
        Assert.True(Sdp.TryParse(held.Body, out var answer));
        Assert.Equal(Sdp.RecvOnly, answer.Direction);
        Assert.True(call.Leg!.MediaPaused);

        _peer.Send(_peer.Invite(Conference, Target, "z9hG4bK-unhold", SipPeer.Offer(40000), cseq: 3, toTag: ok.ToTag), Target);
        var resumed = await _peer.ExpectAsync(m => m.StatusCode == 200 && m.CSeq.Number == 3, "200 to the second re-INVITE");
        Assert.True(Sdp.TryParse(resumed.Body, out var again));
        Assert.Equal(Sdp.SendRecv, again.Direction);
        Assert.False(call.Leg.MediaPaused);

        _peer.Send(_peer.Invite(Conference, Target, "z9hG4bK-stray", SipPeer.Offer(40000), cseq: 4, toTag: "unknown"), Target);
        await _peer.ExpectResponseAsync(481, "INVITE");
    }

    [Fact]
    public async Task Dialing_out_sends_an_invite_acks_the_200_and_a_resent_200_is_acked_again()
    {
        var call = await DialPeerAsync("conference");
        var rang = false;
        call.Ringing += _ => rang = true;

        var invite = await _peer.ExpectRequestAsync("INVITE");
        Assert.True(Sdp.TryParse(invite.Body, out var offer));
        Assert.Equal([0, 8, 101], offer.PayloadTypes);
        _peer.Send(_peer.Respond(invite, 180, "Ringing"), Target);
        var answer = SipPeer.Offer(40002, "8 101");
        var ok = _peer.Respond(invite, 200, "OK", answer);
        _peer.Send(ok, Target);

        var ack = await _peer.ExpectRequestAsync("ACK");
        Assert.Equal(_peer.Tag, ack.ToTag);
        Assert.Equal(invite.CSeq.Number, ack.CSeq.Number);
        Assert.True(await call.Answered);
        Assert.True(rang);
        Assert.Equal(G711PayloadAlaw, call.Leg!.PayloadType);

        _peer.Send(ok, Target);
        await _peer.ExpectRequestAsync("ACK");

        call.Hangup("normal");
        var bye = await _peer.ExpectRequestAsync("BYE");
        _peer.Send(_peer.Respond(bye, 200, "OK"), Target);
    }

    private const byte G711PayloadAlaw = 8;

    /// <summary>The media host dials the peer, as a dial_call command would.</summary>
    private Task<SipCall> DialPeerAsync(string source)
    {
        Assert.True(Core.Calls.SipAddress.TryParse($"sip:callee@127.0.0.1:{_peer.Port}", out var to));
        return _endpoint.DialAsync(Guid.NewGuid(), source, to);
    }

    [Fact]
    public async Task A_busy_callee_ends_the_call_as_busy_and_its_486_is_acked_on_the_same_branch()
    {
        var call = await DialPeerAsync("");
        string? reason = null;
        call.Ended += (_, r) => reason = r;

        var invite = await _peer.ExpectRequestAsync("INVITE");
        _peer.Send(_peer.Respond(invite, 486, "Busy Here"), Target);

        var ack = await _peer.ExpectRequestAsync("ACK");
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.False(await call.Answered);
        Assert.Equal("busy", reason);
    }

    [Fact]
    public async Task Hanging_up_while_it_rings_cancels_the_invite()
    {
        var call = await DialPeerAsync("");
        var invite = await _peer.ExpectRequestAsync("INVITE");
        _peer.Send(_peer.Respond(invite, 180, "Ringing"), Target);
        await Eventually.TrueAsync(() => Task.FromResult(call.State == SipCallState.Ringing), TimeSpan.FromSeconds(2), "the call never rang");

        call.Hangup("normal");
        var cancel = await _peer.ExpectRequestAsync("CANCEL");
        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        _peer.Send(_peer.Respond(cancel, 200, "OK"), Target);
        _peer.Send(_peer.Respond(invite, 487, "Request Terminated"), Target);
        await _peer.ExpectRequestAsync("ACK");
        Assert.False(await call.Answered);
    }

    [Fact]
    public async Task An_invite_nobody_answers_gives_up_after_64_T1_as_no_answer()
    {
        var call = await DialPeerAsync("");
        string? reason = null;
        call.Ended += (_, r) => reason = r;

        Assert.True(await _peer.CountAsync(m => m.Method == "INVITE", TimeSpan.FromSeconds(1)) >= 3, "the INVITE was not retransmitted");
        Assert.False(await call.Answered.WaitAsync(TimeSpan.FromSeconds(6)));
        Assert.Equal("noanswer", reason);
    }

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _peer.Dispose();
    }
}
