using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Conference.Tests.Domain;

/// <summary>Whatever happens, in whatever order, a status never moves backwards.</summary>
public sealed class StatusOrderPropertyTests
{
    private static readonly Action<Harness<ConferenceEntity, ConferenceState>, Random>[] ConferenceOperations =
    [
        (c, _) => c.Run(e => e.RoomReady()),
        (c, r) => c.Run(e => e.RoomCheck(r.Next(1, 4))),
        (c, r) => c.Run(e => e.TimeoutExpired(r.Next(0, 3))),
        (c, _) => c.Run(e => e.Terminate(new TerminateConference(EndReasons.Api))),
        (c, _) => c.Run(e => e.Join(new JoinRequest(Guid.NewGuid()))),
        (c, r) => c.Run(e => e.Update(new ConferenceSettings { Timeout = r.Next(0, 100) })),
        (c, _) => c.Run(e => e.Lock()),
        (c, _) => c.Run(e => e.Unlock()),
        (c, _) => c.Run(e => e.RecordingStart(new RecordingStartRequest())),
        (c, _) => c.Run(e => e.RecordingStop()),
        (c, r) =>
        {
            var participants = c.State.Participants;
            if (participants.Count > 0)
            {
                var p = participants[r.Next(participants.Count)];
                var status = ConferencecallStatus.Order[r.Next(1, 4)];
                c.Report(p.ConferencecallId, status);
            }
        },
    ];

    private static readonly Action<Harness<ConferencecallEntity, ConferencecallState>, Random>[] ConferencecallOperations =
    [
        (c, _) => c.Run(e => e.Joined()),
        (c, _) => c.Run(e => e.Kick()),
        (c, r) => c.Run(e => e.Left(new LegLeftInput("hangup", r.Next(2) == 0))),
        (c, _) => c.Run(e => e.Mute()),
        (c, _) => c.Run(e => e.Hold()),
        (c, _) => { c.Advance(HealthCheck.Interval); c.Run(e => e.HealthCheck(null)); },
        (c, _) => c.Run(e => e.CallStatusChanged("hangup")),
        (c, _) => c.Run(e => e.MediaLiveness(false)),
    ];

    [Fact]
    public void No_sequence_of_operations_moves_a_conference_status_backwards() =>
        NeverBackwards(() => Harnesses.Conference(progressing: false), ConferenceOperations, c => ConferenceStatus.Rank(c.State.Status));

    [Fact]
    public void No_sequence_of_operations_moves_a_conferencecall_status_backwards() =>
        NeverBackwards(() => Harnesses.Conferencecall(), ConferencecallOperations, c => ConferencecallStatus.Rank(c.State.Status));

    /// <summary>Runs random sequences of <paramref name="operations"/> on a fresh subject; the rank of its status may only grow.</summary>
    private static void NeverBackwards<T>(Func<T> create, Action<T, Random>[] operations, Func<T, int> rank) =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 10_000)).ToArbitrary(), steps =>
        {
            var subject = create();
            var random = new Random(steps.Length);
            var last = rank(subject);
            foreach (var step in steps)
            {
                TryRun(() => operations[step % operations.Length](subject, random));
                var next = rank(subject);
                if (next < last)
                {
                    return false;
                }
                last = next;
            }
            return true;
        }).QuickCheckThrowOnFailure();

    /// <summary>A refusal (409 and the like) is an allowed answer; any other exception is a bug and fails the property.</summary>
    private static void TryRun(Action action)
    {
        try
        {
            action();
        }
        catch (DomainException)
        {
        }
    }
}
