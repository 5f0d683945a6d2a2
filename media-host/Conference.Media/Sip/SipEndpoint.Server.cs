using System.Net;
using Conference.Core.Calls;
using Conference.Media.Rtp;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Sip;

/// <summary>The server half: requests that reach the media host.</summary>
public sealed partial class SipEndpoint
{
    private static string ServerKey(SipVia via, string method) => $"{via.Branch}|{via.Host}:{via.Port}|{method}";

    private void HandleRequest(SipMessage request, SipVia via, IPEndPoint source)
    {
        if (request.Method == "ACK")
        {
            HandleAck(request, via);
            return;
        }
        var key = ServerKey(via, request.Method);
        var transaction = new ServerTransaction(request, source);
        while (!_serverTransactions.TryAdd(key, transaction))
        {
            if (_serverTransactions.TryGetValue(key, out var existing))
            {
                if (existing.Request.CallId == request.CallId && existing.Request.CSeq.Number == request.CSeq.Number)
                {
                    // A retransmission: answer it as the first time, or stay quiet until there is an answer.
                    if (existing.LastResponse is { } last)
                    {
                        Send(last, source);
                    }
                    return;
                }
                // Same branch and sender but another call or CSeq: a client that reuses its branches
                // (RFC 3261 says it must not). Taking it for a retransmission would answer a new BYE
                // with an old 200 and leave the call up, so it starts a transaction of its own.
                _serverTransactions.TryRemove(new(key, existing));
            }
        }
        switch (request.Method)
        {
            case "INVITE" when request.ToTag.Length > 0:
                ReInvite(request, transaction, source);
                break;
            case "INVITE":
                NewInvite(request, transaction, source);
                break;
            case "CANCEL":
                Cancel(request, via, transaction, source);
                break;
            case "BYE":
                Bye(request, transaction, source);
                break;
            case "OPTIONS":
                Respond(transaction, BuildResponse(request, 200, "OK", source, NewTag()).Add("Accept", "application/sdp"));
                break;
            default:
                var known = KnownMethods.Contains(request.Method);
                Respond(transaction, BuildResponse(request, known ? 405 : 501, known ? "Method Not Allowed" : "Not Implemented", source, NewTag()));
                break;
        }
    }

    private void HandleAck(SipMessage ack, SipVia via)
    {
        // An ACK for a 2xx is its own transaction, matched to the dialog; one for a failure shares the INVITE's branch.
        if (_calls.TryGetValue(ack.CallId, out var call) && ack.ToTag == call.LocalTag)
        {
            var cseq = ack.CSeq.Number;
            long seen;
            while ((seen = Interlocked.Read(ref call.AckedCSeq)) < cseq && Interlocked.CompareExchange(ref call.AckedCSeq, cseq, seen) != seen)
            {
            }
        }
        if (_serverTransactions.TryGetValue(ServerKey(via, "INVITE"), out var invite))
        {
            invite.Acknowledged = true;
        }
    }

    private void NewInvite(SipMessage invite, ServerTransaction transaction, IPEndPoint source)
    {
        Respond(transaction, BuildResponse(invite, 100, "Trying", source));
        var toTag = NewTag();
        if (_calls.Count >= MaxCalls)
        {
            Refuse(transaction, invite, source, toTag, 486, "Busy Here", "the media host is at its call limit");
            return;
        }
        if (_calls.ContainsKey(invite.CallId))
        {
            Refuse(transaction, invite, source, toTag, 482, "Loop Detected", "this Call-ID is already a call here");
            return;
        }
        if (!Sdp.TryParse(invite.Body, out var offer))
        {
            Refuse(transaction, invite, source, toTag, 488, "Not Acceptable Here", "an SDP offer with audio is required");
            return;
        }
        var codec = offer.ChooseCodec();
        if (codec < 0)
        {
            Refuse(transaction, invite, source, toTag, 488, "Not Acceptable Here", "only PCMU (0) and PCMA (8) are spoken here");
            return;
        }
        System.Net.Sockets.Socket socket;
        try
        {
            socket = _rtpPorts.Open();
        }
        catch (IOException)
        {
            Refuse(transaction, invite, source, toTag, 486, "Busy Here", "no RTP port is free");
            return;
        }
        var from = invite["From"]!;
        var call = new SipCall(this, Guid.NewGuid(), incoming: true, invite.CallId, toTag)
        {
            Source = SipHeaderValue.Uri(from),
            Destination = invite.RequestUri,
            Invite = invite,
            InviteSource = source,
            InviteKey = ServerKey(invite.TopVia!, "INVITE"),
            RemoteTag = invite.FromTag,
            RemoteUri = SipHeaderValue.Uri(from),
            LocalUri = SipHeaderValue.Uri(invite["To"]!),
            RemoteTarget = invite["Contact"] is { } contact ? SipHeaderValue.Uri(contact) : SipHeaderValue.Uri(from),
            RouteSet = invite.All("Record-Route").SelectMany(SipHeaderValue.SplitCommas).ToList(),
            Peer = source,
            RtpSocket = socket,
            PayloadType = codec,
            EventPayloadType = offer.TelephoneEvent,
        };
        call.Leg = new RtpLeg(call.Id, socket, (byte)codec, offer.IsHold ? null : new IPEndPoint(offer.Address, offer.Port),
            offer.TelephoneEvent is >= 96 and < 128 ? (byte)offer.TelephoneEvent : TelephoneEvent.DefaultPayloadType);
        call.Leg.MediaPaused = offer.IsHold;
        _calls[invite.CallId] = call;
        call.Ended += (c, _) => _calls.TryRemove(new(c.CallIdHeader, c));
        Interlocked.Increment(ref Counters.CallsIn);
        // Off the receive loop: routing and answering one call must not hold up the next INVITE.
        _ = Task.Run(() => RouteAsync(call, transaction));
    }

    private async Task RouteAsync(SipCall call, ServerTransaction transaction)
    {
        int status;
        try
        {
            status = await Incoming(call, _stop.Token);
        }
        catch (Exception e)
        {
            _logger.LogWarning("Incoming call {Call} could not be routed: {Error}", call.Id, e.Message);
            status = 503;
        }
        lock (call.Gate)
        {
            if (call.State != SipCallState.Offered)
            {
                return; // cancelled meanwhile, or answered by a flow that was quicker than this
            }
            if (status == 0)
            {
                Respond(transaction, BuildResponse(call.Invite!, 180, "Ringing", transaction.Source, call.LocalTag));
                call.MoveTo(SipCallState.Ringing);
                return;
            }
        }
        var (reason, warning) = status switch
        {
            404 => ("Not Found", "no conference has this address"),
            486 => ("Busy Here", ""),
            _ => ("Service Unavailable", "the control plane could not be reached"),
        };
        Refuse(transaction, call.Invite!, transaction.Source, call.LocalTag, status, reason, warning);
        call.End("rejected");
        call.Leg?.Dispose();
    }

    /// <summary>A final failure to an INVITE, re-sent until its ACK (timer G until H).</summary>
    private void Refuse(ServerTransaction transaction, SipMessage invite, IPEndPoint source, string toTag, int status, string reason, string warning)
    {
        Interlocked.Increment(ref Counters.Rejected);
        var response = BuildResponse(invite, status, reason, source, toTag, warning);
        var bytes = response.ToBytes();
        transaction.LastResponse = bytes;
        _ = RetransmitAsync(bytes, source, () => transaction.Acknowledged);
    }

    internal bool Answer(SipCall call)
    {
        byte[] bytes;
        uint cseq;
        lock (call.Gate)
        {
            if (call.State == SipCallState.Answered)
            {
                return true;
            }
            if (!call.Incoming || call.State == SipCallState.Ended || call.Leg is not { } leg)
            {
                return false;
            }
            var response = BuildResponse(call.Invite!, 200, "OK", call.InviteSource, call.LocalTag);
            response.Add("Content-Type", "application/sdp");
            response.Body = Sdp.Build(Advertised, leg.LocalEndPoint.Port, [call.PayloadType], call.EventPayloadType,
                leg.MediaPaused ? Sdp.RecvOnly : Sdp.SendRecv, call.SdpSession, call.SdpVersion);
            bytes = response.ToBytes();
            cseq = call.Invite!.CSeq.Number;
            if (_serverTransactions.TryGetValue(call.InviteKey, out var transaction))
            {
                transaction.LastResponse = bytes;
            }
            call.MoveTo(SipCallState.Answered);
        }
        _ = ConfirmAsync(call, bytes, cseq);
        return true;
    }

    /// <summary>Re-sends a 2xx until its ACK; a call whose ACK never comes is ended with a BYE (RFC 3261 13.3.1.4).</summary>
    private async Task ConfirmAsync(SipCall call, byte[] response, uint cseq)
    {
        var acked = await RetransmitAsync(response, call.Peer, () => Interlocked.Read(ref call.AckedCSeq) >= cseq || call.IsEnded);
        if (!acked && !call.IsEnded)
        {
            _logger.LogInformation("Call {Call}: no ACK for its 200 OK; hanging up", call.Id);
            Hangup(call, "no_ack");
        }
    }

    private void ReInvite(SipMessage invite, ServerTransaction transaction, IPEndPoint source)
    {
        if (!_calls.TryGetValue(invite.CallId, out var call) || invite.ToTag != call.LocalTag)
        {
            Respond(transaction, BuildResponse(invite, 481, "Call/Transaction Does Not Exist", source));
            return;
        }
        byte[] bytes;
        lock (call.Gate)
        {
            if (call.State != SipCallState.Answered || call.Leg is not { } leg)
            {
                Respond(transaction, BuildResponse(invite, 491, "Request Pending", source));
                return;
            }
            var offer = default(Sdp);
            if (invite.Body.Length > 0 && (!Sdp.TryParse(invite.Body, out offer) || offer.ChooseCodec() != call.PayloadType && offer.ChooseCodec() < 0))
            {
                Respond(transaction, BuildResponse(invite, 488, "Not Acceptable Here", source, warning: "only PCMU (0) and PCMA (8) are spoken here"));
                return;
            }
            // sendonly or inactive is the far end holding the call: its silence is not dead media.
            leg.MediaPaused = offer?.IsHold ?? false;
            if (invite["Contact"] is { } contact)
            {
                call.RemoteTarget = SipHeaderValue.Uri(contact);
            }
            call.SdpVersion++;
            var response = BuildResponse(invite, 200, "OK", source, call.LocalTag);
            response.Add("Content-Type", "application/sdp");
            response.Body = Sdp.Build(Advertised, leg.LocalEndPoint.Port, [call.PayloadType], call.EventPayloadType,
                offer is null ? Sdp.SendRecv : Sdp.Answering(offer.Direction), call.SdpSession, call.SdpVersion);
            bytes = response.ToBytes();
            transaction.LastResponse = bytes;
        }
        _ = RetransmitAsync(bytes, source, () => Interlocked.Read(ref call.AckedCSeq) >= invite.CSeq.Number || call.IsEnded);
    }

    private void Cancel(SipMessage cancel, SipVia via, ServerTransaction transaction, IPEndPoint source)
    {
        if (!_serverTransactions.TryGetValue(ServerKey(via, "INVITE"), out var invite) || !_calls.TryGetValue(cancel.CallId, out var call))
        {
            Respond(transaction, BuildResponse(cancel, 481, "Call/Transaction Does Not Exist", source));
            return;
        }
        Respond(transaction, BuildResponse(cancel, 200, "OK", source, call.LocalTag));
        lock (call.Gate)
        {
            if (!call.Incoming || call.State is not (SipCallState.Offered or SipCallState.Ringing))
            {
                return; // answered already: the CANCEL has no effect (a BYE will follow)
            }
        }
        call.End(HangupReasons.Cancel);
        Refuse(invite, invite.Request, invite.Source, call.LocalTag, 487, "Request Terminated", "");
    }

    private void Bye(SipMessage bye, ServerTransaction transaction, IPEndPoint source)
    {
        if (!_calls.TryGetValue(bye.CallId, out var call) || (bye.ToTag != call.LocalTag && bye.FromTag != call.RemoteTag))
        {
            Respond(transaction, BuildResponse(bye, 481, "Call/Transaction Does Not Exist", source));
            return;
        }
        // Ended before the 200 leaves: whoever sees the 200 sees the call over.
        call.End("hangup");
        Respond(transaction, BuildResponse(bye, 200, "OK", source));
    }

    private void Respond(ServerTransaction transaction, SipMessage response)
    {
        var bytes = response.ToBytes();
        transaction.LastResponse = bytes;
        Send(bytes, transaction.Source);
    }

    /// <summary>A response to <paramref name="request"/> (RFC 3261 8.2.6): its Vias (the top one stamped), From, To with our tag, Call-ID and CSeq.</summary>
    private SipMessage BuildResponse(SipMessage request, int status, string reason, IPEndPoint source, string? toTag = null, string warning = "")
    {
        var response = SipMessage.Response(status, reason);
        var first = true;
        foreach (var via in request.All("Via"))
        {
            response.Add("Via", first ? SipVia.Parse(via)?.Stamped(source) ?? via : via);
            first = false;
        }
        response.Add("From", request["From"]!);
        var to = request["To"]!;
        if (status > 100 && toTag is not null && SipHeaderValue.Param(to, "tag").Length == 0)
        {
            to += ";tag=" + toTag;
        }
        response.Add("To", to);
        response.Add("Call-ID", request.CallId);
        response.Add("CSeq", request["CSeq"]!);
        if (request.Method == "INVITE" && status is > 100 and < 300)
        {
            foreach (var route in request.All("Record-Route"))
            {
                response.Add("Record-Route", route);
            }
            response.Add("Contact", Contact);
        }
        if (status is 405 or 501 || (status is >= 200 and < 300 && request.Method is "INVITE" or "OPTIONS"))
        {
            response.Add("Allow", Allow);
        }
        response.Add("Server", "Conference");
        if (warning.Length > 0)
        {
            response.Add("Warning", $"399 conference \"{warning.Replace('"', '\'')}\"");
        }
        return response;
    }

    /// <summary>Forgets server transactions older than 64*T1, once they can no longer see a retransmission.</summary>
    private async Task SweepAsync()
    {
        var period = Timers.Timeout < TimeSpan.FromSeconds(1) ? Timers.Timeout : TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var cutoff = DateTime.UtcNow - Timers.Timeout - Timers.T2;
            foreach (var (key, transaction) in _serverTransactions)
            {
                if (transaction.Created < cutoff)
                {
                    _serverTransactions.TryRemove(new(key, transaction));
                }
            }
        }
    }
}
