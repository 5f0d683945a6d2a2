using Conference.Core.Conferencecalls;
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

    [Fact]
    public void A_participant_whose_call_stopped_is_removed_at_the_third_check_and_leaves_if_the_leg_never_confirms()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Joined());
        call.Run(e => e.CallStatusChanged("hangup"));

        for (var i = 1; i <= 2; i++)
        {
            call.Advance(HealthCheck.Interval);
            call.Run(e => e.HealthCheck());
            Assert.Equal(ConferencecallStatus.Joined, call.State.Status);
            Assert.Equal(i, call.State.HealthMisses);
        }
        call.Advance(HealthCheck.Interval);
        call.Run(e => e.HealthCheck());
        Assert.Equal(ConferencecallStatus.Leaving, call.State.Status);
        Assert.Equal("health_check", call.Media<KickLeg>().Single().Reason);

        for (var i = 0; i < 3; i++)
        {
            call.Advance(HealthCheck.Interval);
            call.Run(e => e.HealthCheck());
        }
        Assert.Equal(ConferencecallStatus.Leaved, call.State.Status);
        Assert.Empty(call.Signals(nameof(ConferencecallEntity.HealthCheck)));
    }

    [Fact]
    public void A_healthy_participant_keeps_being_checked_every_five_seconds()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Joined());
        call.Advance(HealthCheck.Interval);
        call.Run(e => e.HealthCheck());
        Assert.Equal(call.Now + HealthCheck.Interval, call.Signals(nameof(ConferencecallEntity.HealthCheck)).Single().At);
        Assert.Equal(0, call.State.HealthMisses);
    }

    [Fact]
    public void Checks_stop_once_the_participant_has_left()
    {
        var call = Harnesses.Conferencecall();
        call.Run(e => e.Left(new LegLeftInput("hangup", false)));
        call.Run(e => e.HealthCheck());
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
            call.Advance(HealthCheck.Interval);
            call.Run(e => e.HealthCheck());
        }
        Assert.Equal(ConferencecallStatus.Leaving, call.State.Status);
    }
}
