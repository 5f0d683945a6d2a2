using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class HealthCheckTests
{
    private static readonly DateTime Created = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    private static ConferencecallState Participant(string call = "progressing", string conference = "progressing", bool media = true, int misses = 0) => new()
    {
        Status = ConferencecallStatus.Joined, CallStatus = call, ConferenceStatus = conference, MediaAlive = media,
        TmCreate = Created, HealthMisses = misses,
    };

    public static TheoryData<string, ConferencecallState, TimeSpan, HealthVerdict, int> Table => new()
    {
        { "all yes", Participant(), TimeSpan.FromMinutes(1), HealthVerdict.Healthy, 0 },
        { "all yes after misses resets the count", Participant(misses: 2), TimeSpan.FromMinutes(1), HealthVerdict.Healthy, 0 },
        { "call not progressing", Participant(call: "hangup"), TimeSpan.FromMinutes(1), HealthVerdict.Miss, 1 },
        { "conference not progressing", Participant(conference: "terminating"), TimeSpan.FromMinutes(1), HealthVerdict.Miss, 1 },
        { "created 24 h ago", Participant(), TimeSpan.FromHours(24), HealthVerdict.Miss, 1 },
        { "media dead", Participant(media: false), TimeSpan.FromMinutes(1), HealthVerdict.Miss, 1 },
        { "second miss is the first retry", Participant(call: "hangup", misses: 1), TimeSpan.FromMinutes(1), HealthVerdict.Miss, 2 },
        { "third miss removes", Participant(call: "hangup", misses: 2), TimeSpan.FromMinutes(1), HealthVerdict.Remove, 0 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Health_check_verdicts(string _, ConferencecallState state, TimeSpan age, HealthVerdict verdict, int misses)
    {
        Assert.Equal((verdict, misses), HealthCheck.Evaluate(state, Created + age));
    }

    /// <summary>Runs the health check timer that counts, at its time, as the engine would.</summary>
    private static void RunDueCheck(Harness<ConferencecallEntity, ConferencecallState> call)
    {
        var due = call.State.HealthCheckDue ?? throw new InvalidOperationException("No health check is armed.");
        call.Now = new DateTimeOffset(due, TimeSpan.Zero);
        call.Run(e => e.HealthCheck(due));
    }

    [Fact]
    public void A_participant_whose_call_stopped_is_removed_at_the_third_check_and_leaves_if_the_leg_never_confirms()
    {
        var call = Harnesses.Conferencecall();
        var created = call.State.TmCreate;
        call.Run(e => e.Joined());
        call.Advance(TimeSpan.FromSeconds(7));
        call.Run(e => e.CallStatusChanged("hangup"));

        // On the poll's 5 s grid from creation: misses at 10 s and 15 s, removal at 20 s.
        for (var i = 1; i <= 2; i++)
        {
            RunDueCheck(call);
            Assert.Equal((ConferencecallStatus.Joined, i), (call.State.Status, call.State.HealthMisses));
        }
        RunDueCheck(call);
        Assert.Equal(ConferencecallStatus.Leaving, call.State.Status);
        Assert.Equal(created + TimeSpan.FromSeconds(20), call.Now.UtcDateTime);
        Assert.Equal("health_check", call.Media<KickLeg>().Single().Reason);

        for (var i = 0; i < 3; i++)
        {
            RunDueCheck(call);
        }
        Assert.Equal(ConferencecallStatus.Leaved, call.State.Status);
        Assert.Empty(call.Signals(nameof(ConferencecallEntity.HealthCheck)));
        Assert.Null(call.State.HealthCheckDue);
    }

    [Fact]
    public void A_healthy_participant_is_checked_only_when_time_alone_could_fail_it()
    {
        var call = Harnesses.Conferencecall();
        var created = call.State.TmCreate;
        Assert.Equal(created + HealthCheck.JoinTimeout, call.State.HealthCheckDue);

        call.Run(e => e.Joined());
        call.Run(e => e.MediaLiveness(true));
        call.Run(e => e.ConferenceStatusChanged(ConferenceStatus.Progressing));

        // The join timeout's timer is still the one armed; when it runs, the next is the 24 h limit.
        Assert.Equal(created + HealthCheck.JoinTimeout, call.State.HealthCheckDue);
        RunDueCheck(call);
        Assert.Equal(0, call.State.HealthMisses);
        Assert.Equal(created + HealthCheck.MaxAge, call.State.HealthCheckDue);
        Assert.Single(call.Signals(nameof(ConferencecallEntity.HealthCheck)));
    }

    [Fact]
    public void A_participant_still_joining_at_the_join_timeout_is_removed()
    {
        var call = Harnesses.Conferencecall();

        for (var i = 0; i < 3; i++)
        {
            RunDueCheck(call);
        }

        Assert.Equal(ConferencecallStatus.Leaving, call.State.Status);
        Assert.Equal(call.State.TmCreate + HealthCheck.JoinTimeout + 2 * HealthCheck.Interval, call.Now.UtcDateTime);
    }

    [Fact]
    public void A_timer_an_earlier_one_superseded_does_nothing_and_media_back_in_time_is_no_miss()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Joined());
        var superseded = call.State.HealthCheckDue!.Value;
        call.Run(e => e.MediaLiveness(false));
        Assert.NotEqual(superseded, call.State.HealthCheckDue);

        call.Run(e => e.HealthCheck(superseded));
        Assert.Empty(call.Effects);

        call.Run(e => e.MediaLiveness(true));
        RunDueCheck(call);
        Assert.Equal((ConferencecallStatus.Joined, 0), (call.State.Status, call.State.HealthMisses));
    }

    [Fact]
    public void Checks_stop_once_the_participant_has_left()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Left(new LegLeftInput("hangup", false)));
        call.Run(e => e.HealthCheck(null));
        Assert.Empty(call.Effects);
    }

    [Fact]
    public void A_leg_whose_media_died_is_removed_even_without_a_hangup()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Joined());
        call.Run(e => e.MediaLiveness(false));
        for (var i = 0; i < 3; i++)
        {
            RunDueCheck(call);
        }
        Assert.Equal(ConferencecallStatus.Leaving, call.State.Status);
    }
}
