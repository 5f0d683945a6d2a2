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
/// <para>
/// Every input but time is pushed to the participant as it changes, so a check of a healthy
/// participant between those changes can only pass. The checks that could miss are the ones that
/// run: on the 5 s grid from the participant's creation while it is unhealthy or has misses, as the
/// poll would, and otherwise only at the moment time alone would fail it (<see cref="NextDue"/>).
/// The verdicts, and when they fall, are the poll's; the timers are one per participant instead of
/// one every 5 s, which is what each timer costs in storage on Durable.
/// </para>
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

    /// <summary>When the next check must run after <paramref name="now"/>; null once the participant has left.</summary>
    public static DateTime? NextDue(ConferencecallState s, DateTime now)
    {
        if (s.Status == ConferencecallStatus.Leaved)
        {
            return null;
        }
        if (!IsHealthy(s, now) || s.HealthMisses > 0)
        {
            return OnGrid(s, now + TimeSpan.FromTicks(1));
        }
        var failsByTime = s.TmCreate + MaxAge;
        if (s.Status == ConferencecallStatus.Joining && s.TmCreate + JoinTimeout < failsByTime)
        {
            failsByTime = s.TmCreate + JoinTimeout;
        }
        return OnGrid(s, failsByTime);
    }

    /// <summary>The first moment of the 5 s grid from the participant's creation at or after <paramref name="at"/>.</summary>
    private static DateTime OnGrid(ConferencecallState s, DateTime at)
    {
        var intervals = (at - s.TmCreate).Ticks <= 0 ? 1 : ((at - s.TmCreate).Ticks + Interval.Ticks - 1) / Interval.Ticks;
        return s.TmCreate + TimeSpan.FromTicks(intervals * Interval.Ticks);
    }
}
