using System.Net;
using Conference.Core.Calls;
using Conference.Media.Audio;
using Conference.Media.Rtp;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Sip;

/// <summary>The client half: calls the media host makes (POST /calls) and requests it sends within a dialog.</summary>
public sealed partial class SipEndpoint
{
    private static string ClientKey(string branch, string method) => $"{branch}|{method}";

    private void HandleResponse(SipMessage response, SipVia via)
    {
        if (_clientTransactions.TryGetValue(ClientKey(via.Branch, response.CSeq.Method), out var transaction))
        {
            transaction.Responses.Writer.TryWrite(response);
            return;
        }
        // A 2xx to our INVITE, re-sent because our ACK was lost: the ACK again (it is the dialog's, not the transaction's).
        if (response.StatusCode is >= 200 and < 300 && response.CSeq.Method == "INVITE"
            && _calls.TryGetValue(response.CallId, out var call) && call.AckFor2xx is { } ack)
        {
            Send(ack, NextHop(call));
        }
    }

    /// <summary>
    /// Sends an INVITE to <paramref name="to"/> with an offer of both G.711 laws and telephone events.
    /// The returned call rings (<see cref="SipCall.Ringing"/>), is answered (<see cref="SipCall.Answered"/>) or ends.
    /// </summary>
    public async Task<SipCall> DialAsync(Guid id, string source, SipAddress to, CancellationToken cancellationToken = default)
    {
        var address = IPAddress.TryParse(to.Host, out var literal)
            ? literal
            : (await Dns.GetHostAddressesAsync(to.Host, _socket.AddressFamily, cancellationToken)).FirstOrDefault()
              ?? throw new IOException($"'{to.Host}' has no address.");
        var socket = _rtpPorts.Open();
        var user = source.Length > 0 && source.All(c => char.IsLetterOrDigit(c) || c is '+' or '-' or '.' or '_') ? source : "conference";
        var call = new SipCall(this, id, incoming: false, $"{Guid.NewGuid():N}@{Advertised}", NewTag())
        {
            Source = source,
            Destination = to.ToString(),
            Peer = new IPEndPoint(address, to.Port),
            RemoteUri = to.ToString(),
            RemoteTarget = to.ToString(),
            LocalUri = $"sip:{user}@{HostPort}",
            RtpSocket = socket,
        };
        _calls[call.CallIdHeader] = call;
        call.Ended += (c, _) => _calls.TryRemove(new(c.CallIdHeader, c));
        var invite = NewRequest(call, "INVITE", to.ToString(), call.LocalCSeq, NewBranch());
        invite.Add("Contact", Contact).Add("Allow", Allow).Add("Content-Type", "application/sdp");
        invite.Body = Sdp.Build(Advertised, ((IPEndPoint)socket.LocalEndPoint!).Port, [G711.PayloadTypeUlaw, G711.PayloadTypeAlaw],
            TelephoneEvent.DefaultPayloadType, Sdp.SendRecv, call.SdpSession, call.SdpVersion);
        call.OutgoingInvite = invite;
        Interlocked.Increment(ref Counters.CallsOut);
        _ = RunInviteAsync(call, invite);
        return call;
    }

    private async Task RunInviteAsync(SipCall call, SipMessage invite)
    {
        var branch = invite.TopVia!.Branch;
        var key = ClientKey(branch, "INVITE");
        var transaction = new ClientTransaction();
        _clientTransactions[key] = transaction;
        try
        {
            // Timer A: re-send until anything is heard; timer B: give up when nothing is.
            _ = RetransmitAsync(invite.ToBytes(), call.Peer, () => transaction.Heard || call.IsEnded);
            var deadline = DateTime.UtcNow + Timers.Timeout;
            while (true)
            {
                var response = await ReadAsync(transaction, deadline);
                if (response is null)
                {
                    if (transaction.Heard)
                    {
                        SendCancel(call, invite);
                    }
                    call.End(HangupReasons.NoAnswer);
                    return;
                }
                if (response.StatusCode < 200)
                {
                    transaction.Heard = true;
                    deadline = DateTime.UtcNow + Timers.RingTimeout;
                    if (response.StatusCode == 100)
                    {
                        continue;
                    }
                    bool cancel;
                    lock (call.Gate)
                    {
                        cancel = call.HangupRequested;
                        if (!cancel && call.State == SipCallState.Offered)
                        {
                            call.MoveTo(SipCallState.Ringing);
                            call.RaiseRinging();
                        }
                    }
                    if (cancel)
                    {
                        SendCancel(call, invite);
                    }
                    continue;
                }
                transaction.Heard = true;
                if (response.StatusCode >= 300)
                {
                    // The ACK of a failure belongs to the INVITE transaction, with the To (and tag) of the failure.
                    call.End(ReasonFor(response.StatusCode));
                    Send(InInviteTransaction(invite, "ACK", response["To"]!), call.Peer);
                    return;
                }
                Established(call, invite, response);
                return;
            }
        }
        finally
        {
            _clientTransactions.TryRemove(key, out _);
        }
    }

    /// <summary>A 2xx: the dialog exists. ACK it, then either start the media or, if the call was hung up meanwhile, BYE it.</summary>
    private void Established(SipCall call, SipMessage invite, SipMessage ok)
    {
        Sdp? answer = null;
        lock (call.Gate)
        {
            call.RemoteTag = ok.ToTag;
            if (ok["Contact"] is { } contact)
            {
                call.RemoteTarget = SipHeaderValue.Uri(contact);
            }
            call.RouteSet = ok.All("Record-Route").SelectMany(SipHeaderValue.SplitCommas).Reverse().ToList();
            var ack = NewRequest(call, "ACK", call.RemoteTarget, invite.CSeq.Number, NewBranch());
            call.AckFor2xx = ack.ToBytes();
        }
        Send(call.AckFor2xx, NextHop(call));
        var usable = Sdp.TryParse(ok.Body, out answer) && answer.ChooseCodec() >= 0;
        if (call.HangupRequested || call.IsEnded || !usable)
        {
            SendBye(call);
            call.End(usable ? (call.IsEnded ? "hangup" : HangupReasons.Normal) : HangupReasons.Failed);
            return;
        }
        lock (call.Gate)
        {
            call.PayloadType = answer!.ChooseCodec();
            call.EventPayloadType = answer.TelephoneEvent;
            call.Leg = new RtpLeg(call.Id, call.RtpSocket!, (byte)call.PayloadType, answer.IsHold ? null : new IPEndPoint(answer.Address, answer.Port),
                answer.TelephoneEvent is >= 96 and < 128 ? (byte)answer.TelephoneEvent : TelephoneEvent.DefaultPayloadType);
            call.MoveTo(SipCallState.Answered);
        }
    }

    internal void Hangup(SipCall call, string reason)
    {
        SipCallState state;
        lock (call.Gate)
        {
            state = call.State;
            call.HangupRequested = true;
        }
        if (state == SipCallState.Ended)
        {
            return;
        }
        // Ended before the peer is told: whoever sees the BYE, CANCEL or refusal sees the call over.
        call.End(reason);
        switch (state)
        {
            case SipCallState.Answered:
                SendBye(call);
                break;
            case SipCallState.Offered or SipCallState.Ringing when call.Incoming:
                if (_serverTransactions.TryGetValue(call.InviteKey, out var transaction))
                {
                    Refuse(transaction, call.Invite!, call.InviteSource, call.LocalTag, 603, "Decline", "");
                }
                break;
            case SipCallState.Ringing:
                SendCancel(call, call.OutgoingInvite!);
                break;
            // Outgoing and nothing heard yet: a CANCEL follows the first provisional answer, a BYE a 2xx.
        }
    }

    private void SendBye(SipCall call)
    {
        SipMessage bye;
        lock (call.Gate)
        {
            bye = NewRequest(call, "BYE", call.RemoteTarget, ++call.LocalCSeq, NewBranch());
        }
        _ = SendNonInviteAsync(bye, NextHop(call));
    }

    /// <summary>CANCEL matches the INVITE it cancels: same branch, Request-URI, From, To, Call-ID and CSeq number.</summary>
    private void SendCancel(SipCall call, SipMessage invite) => _ = SendNonInviteAsync(InInviteTransaction(invite, "CANCEL", invite["To"]!), call.Peer);

    /// <summary>
    /// A request that belongs to <paramref name="invite"/>'s transaction (RFC 3261 9.1, 17.1.1.3):
    /// its Via (so its branch), Request-URI, From, Call-ID, CSeq number and route, with <paramref name="to"/>.
    /// </summary>
    private static SipMessage InInviteTransaction(SipMessage invite, string method, string to)
    {
        var request = SipMessage.Request(method, invite.RequestUri);
        request.Add("Via", invite["Via"]!).Add("Max-Forwards", "70").Add("From", invite["From"]!).Add("To", to)
            .Add("Call-ID", invite.CallId).Add("CSeq", $"{invite.CSeq.Number} {method}");
        foreach (var route in invite.All("Route"))
        {
            request.Add("Route", route);
        }
        return request;
    }

    /// <summary>A non-INVITE client transaction (timers E and F): the final status, or 408 when none came.</summary>
    private async Task<int> SendNonInviteAsync(SipMessage request, IPEndPoint destination)
    {
        var key = ClientKey(request.TopVia!.Branch, request.Method);
        var transaction = new ClientTransaction();
        _clientTransactions[key] = transaction;
        try
        {
            _ = RetransmitAsync(request.ToBytes(), destination, () => transaction.Final);
            var deadline = DateTime.UtcNow + Timers.Timeout;
            while (await ReadAsync(transaction, deadline) is { } response)
            {
                if (response.StatusCode >= 200)
                {
                    transaction.Final = true;
                    return response.StatusCode;
                }
            }
            return 408;
        }
        finally
        {
            transaction.Final = true;
            _clientTransactions.TryRemove(key, out _);
        }
    }

    private async Task<SipMessage?> ReadAsync(ClientTransaction transaction, DateTime deadline)
    {
        var wait = deadline - DateTime.UtcNow;
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(wait);
        try
        {
            return await transaction.Responses.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A request within the dialog (or the initial INVITE): our Via with rport, From/To with tags, the route set.</summary>
    private SipMessage NewRequest(SipCall call, string method, string requestUri, uint cseq, string branch)
    {
        var request = SipMessage.Request(method, requestUri);
        request.Add("Via", $"SIP/2.0/UDP {HostPort};branch={branch};rport")
            .Add("Max-Forwards", "70")
            .Add("From", $"<{call.LocalUri}>;tag={call.LocalTag}")
            .Add("To", call.RemoteTag.Length > 0 ? $"<{call.RemoteUri}>;tag={call.RemoteTag}" : $"<{call.RemoteUri}>")
            .Add("Call-ID", call.CallIdHeader)
            .Add("CSeq", $"{cseq} {method}");
        foreach (var route in call.RouteSet)
        {
            request.Add("Route", route);
        }
        request.Add("User-Agent", "Conference");
        return request;
    }

    /// <summary>Where in-dialog requests go: the first route when there is a route set, else the peer the dialog was made with.</summary>
    private static IPEndPoint NextHop(SipCall call)
    {
        if (call.RouteSet.Count > 0 && SipAddress.TryParse(SipHeaderValue.Uri(call.RouteSet[0]), out var route) && IPAddress.TryParse(route.Host, out var address))
        {
            return new IPEndPoint(address, route.Port);
        }
        return call.Peer;
    }

    /// <summary>VoIPBIN's hangup reason for a SIP failure.</summary>
    public static string ReasonFor(int status) => status switch
    {
        486 or 600 or 603 => HangupReasons.Busy,
        487 => HangupReasons.Cancel,
        408 or 480 => HangupReasons.NoAnswer,
        _ => HangupReasons.Failed,
    };
}
