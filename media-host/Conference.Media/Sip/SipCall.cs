using System.Net;
using Conference.Core.Calls;
using Conference.Media.Rtp;

namespace Conference.Media.Sip;

public enum SipCallState
{
    /// <summary>Incoming: offered, not answered yet. Outgoing: INVITE sent, nothing heard.</summary>
    Offered,
    /// <summary>Provisional answer sent or received (180).</summary>
    Ringing,
    Answered,
    Ended,
}

/// <summary>
/// One SIP call (a dialog, RFC 3261 section 12) and its RTP leg. The endpoint feeds it what
/// arrives; its owner answers or hangs it up. <see cref="Ended"/> fires once, with the reason.
/// </summary>
public sealed class SipCall
{
    private readonly Lock _gate = new();
    private readonly SipEndpoint _endpoint;
    private readonly TaskCompletionSource<bool> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ended;

    internal SipCall(SipEndpoint endpoint, Guid id, bool incoming, string callIdHeader, string localTag)
    {
        _endpoint = endpoint;
        Id = id;
        Incoming = incoming;
        CallIdHeader = callIdHeader;
        LocalTag = localTag;
    }

    public Guid Id { get; }
    public bool Incoming { get; }
    public string CallIdHeader { get; }
    public string LocalTag { get; }
    public SipCallState State { get; private set; } = SipCallState.Offered;

    /// <summary>The caller (incoming: the From URI) and the called party (the Request-URI), as given.</summary>
    public string Source { get; internal set; } = "";
    public string Destination { get; internal set; } = "";

    /// <summary>The call's audio; for an outgoing call, set once the answer says where to send it.</summary>
    public RtpLeg? Leg { get; internal set; }

    /// <summary>Completes with true when the call is answered, false when it ends first.</summary>
    public Task<bool> Answered => _answered.Task;

    public event Action<SipCall, string>? Ended;

    /// <summary>An outgoing call started ringing.</summary>
    public event Action<SipCall>? Ringing;

    // Dialog state, read and written by the endpoint under the call's lock.
    internal string RemoteTag = "";
    internal string LocalUri = "";
    internal string RemoteUri = "";
    internal string RemoteTarget = "";
    internal List<string> RouteSet = [];
    internal IPEndPoint Peer = new(IPAddress.Loopback, SipAddress.DefaultPort);
    internal uint LocalCSeq = 1;
    internal long SdpVersion = 1;
    internal readonly long SdpSession = Random.Shared.NextInt64(1, long.MaxValue);
    internal System.Net.Sockets.Socket? RtpSocket;
    internal int PayloadType;
    internal int EventPayloadType = Rtp.TelephoneEvent.DefaultPayloadType;
    internal bool HangupRequested;

    // Incoming: the INVITE server transaction, its last response and whether its 2xx was acknowledged.
    internal SipMessage? Invite;
    internal IPEndPoint InviteSource = new(IPAddress.Loopback, SipAddress.DefaultPort);
    internal string InviteKey = "";
    internal long AckedCSeq;
    // Outgoing: the INVITE and the ACK sent for its 2xx, re-sent if the 2xx comes again.
    internal SipMessage? OutgoingInvite;
    internal byte[]? AckFor2xx;

    internal Lock Gate => _gate;

    /// <summary>Answers an incoming call (200 OK with the SDP answer, re-sent until ACKed); false if it already ended.</summary>
    public bool Answer() => _endpoint.Answer(this);

    /// <summary>Ends the call: BYE once answered, CANCEL while an outgoing call rings, a decline while an incoming one does.</summary>
    public void Hangup(string reason) => _endpoint.Hangup(this, reason);

    internal void MoveTo(SipCallState state)
    {
        State = state;
        if (state == SipCallState.Answered)
        {
            _answered.TrySetResult(true);
        }
    }

    internal void RaiseRinging() => Ringing?.Invoke(this);

    /// <summary>Marks the call ended (once) and tells its owner.</summary>
    internal bool End(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }
        lock (_gate)
        {
            State = SipCallState.Ended;
        }
        Ended?.Invoke(this, reason);
        _answered.TrySetResult(false);
        // The leg leaves whatever room it is in because its call hung up.
        Leg?.Close("hangup");
        if (Leg is null)
        {
            RtpSocket?.Dispose();
        }
        return true;
    }

    public bool IsEnded => Volatile.Read(ref _ended) != 0;
}
