namespace Conference.Media.Sip;

/// <summary>
/// RFC 3261 timer values (section 17 and table 4). Retransmissions start at T1 and double up to
/// T2; a transaction gives up after 64*T1 (timers B, F, H). Tests shrink T1 to run quickly.
/// </summary>
public sealed record SipTimers(TimeSpan T1, TimeSpan T2)
{
    public static SipTimers Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4));

    /// <summary>64*T1: how long an unanswered transaction, or a 2xx waiting for its ACK, keeps trying.</summary>
    public TimeSpan Timeout => T1 * 64;

    /// <summary>How long an outgoing call may ring before it is cancelled as unanswered.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Next(TimeSpan interval) => interval * 2 < T2 ? interval * 2 : T2;
}

/// <summary>What the endpoint has seen and done; read by /v1/stats.</summary>
public sealed class SipCounters
{
    public long Received;
    public long Malformed;
    public long Retransmissions;
    public long CallsIn;
    public long CallsOut;
    public long Rejected;
}
