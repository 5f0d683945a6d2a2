using Conference.Core.Conferences;

namespace Conference.Core.Conferencecalls;

public enum HealthVerdict
{
    /// <summary>All checks passed; the miss count starts again.</summary>
    Healthy,

    /// <summary>A check failed, but retries remain.</summary>
    Miss,

    /// <summary>The third miss in a row: the participant is removed.</summary>
    Remove,
}

/// <summary>
/// The seed's participant health check: every 5 s, is the call progressing, is the conference
/// progressing, was the participant created less than 24 h ago (and, from the media host, is
/// audio still arriving and does the media host still have the leg)? A participant still joining
/// after <see cref="JoinTimeout"/> never reached the bridge. The third miss in a row removes the participant.
/// </summary>
public static class HealthCheck
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>Longer than the media host waits for a call's media (30 s) plus a greeting's pre_actions.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(2);
    public const int Retries = 2;

    public static bool IsHealthy(ConferencecallState s, DateTime now) =>
        s.Status is ConferencecallStatus.Joining or ConferencecallStatus.Joined
        && !(s.Status == ConferencecallStatus.Joining && now - s.TmCreate >= JoinTimeout)
        && s.CallStatus == Calls.CallStatus.Progressing
        && s.ConferenceStatus == ConferenceStatus.Progressing
        && now - s.TmCreate < MaxAge
        && s.MediaAlive;

    /// <summary>The verdict of one check, and the miss count it leaves.</summary>
    public static (HealthVerdict Verdict, int Misses) Evaluate(ConferencecallState s, DateTime now)
    {
        if (IsHealthy(s, now))
        {
            return (HealthVerdict.Healthy, 0);
        }
        var misses = s.HealthMisses + 1;
        return misses > Retries ? (HealthVerdict.Remove, 0) : (HealthVerdict.Miss, misses);
    }
}
