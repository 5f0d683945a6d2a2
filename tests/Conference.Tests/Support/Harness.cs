using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Core.Events;
using Conference.Core.Media;

namespace Conference.Tests.Support;

/// <summary>
/// Runs a core entity's operations with no runtime at all: a clock the test moves, and the
/// effects of the last operation to look at. An operation that throws leaves the state as it was.
/// </summary>
public sealed class Harness<TEntity, TState>(EntityId id)
    where TEntity : Entity<TState>, new()
    where TState : class
{
    public TEntity Entity { get; } = new();
    public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    public IReadOnlyList<Effect> Effects { get; private set; } = [];
    public TState State => Entity.State!;

    public T Run<T>(Func<TEntity, T> operation)
    {
        var before = Entity.State is null ? null : JsonSerializer.Serialize(Entity.State, CoreJson.Options);
        var context = new EntityContext(id, Now);
        Entity.Context = context;
        try
        {
            var result = operation(Entity);
            Effects = [.. context.Effects];
            return result;
        }
        catch
        {
            Entity.State = before is null ? null : JsonSerializer.Deserialize<TState>(before, CoreJson.Options);
            Effects = [];
            throw;
        }
    }

    public void Run(Action<TEntity> operation) => Run(e =>
    {
        operation(e);
        return 0;
    });

    public IEnumerable<T> Media<T>() where T : MediaCommand => Effects.OfType<MediaEffect>().Select(m => m.Command).OfType<T>();

    public IEnumerable<SignalEffect> Signals(string operation) =>
        Effects.OfType<SignalEffect>().Where(s => s.Operation == operation);

    public void Advance(TimeSpan by) => Now += by;
}

public static class Harnesses
{
    public static readonly Guid Customer = Guid.Parse("5e4a0680-804e-11ec-8477-2fea5968d85b");

    public static Harness<ConferenceEntity, ConferenceState> Conference(ConferenceSettings? settings = null, bool progressing = true)
    {
        var harness = new Harness<ConferenceEntity, ConferenceState>(EntityId.Conference(Guid.NewGuid()));
        harness.Run(e => e.Create(new CreateConference(Customer, settings ?? new ConferenceSettings { Type = ConferenceTypes.Conference })));
        if (progressing)
        {
            harness.Run(e => e.RoomReady());
        }
        return harness;
    }

    /// <summary>Joins a participant and reports its status back, as its conferencecall entity would.</summary>
    public static Guid Join(this Harness<ConferenceEntity, ConferenceState> conference, string role = Roles.Member, bool joined = true)
    {
        var result = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid(), role)));
        Assert.True(result.Accepted, result.RefusedReason);
        if (joined)
        {
            conference.Report(result.ConferencecallId, ConferencecallStatus.Joined, role);
        }
        return result.ConferencecallId;
    }

    public static void Report(this Harness<ConferenceEntity, ConferenceState> conference, Guid id, string status, string role = Roles.Member)
    {
        var type = status switch
        {
            ConferencecallStatus.Joined => EventTypes.ConferencecallJoined,
            ConferencecallStatus.Leaving => EventTypes.ConferencecallLeaving,
            ConferencecallStatus.Leaved => EventTypes.ConferencecallLeaved,
            _ => EventTypes.ConferencecallJoining,
        };
        conference.Run(e => e.ParticipantChanged(new ParticipantChanged(id, status, role, false, false, false, type, FlowAction.EmptyObject)));
    }

    public static Harness<ConferencecallEntity, ConferencecallState> Conferencecall(string refused = "", FlowAction[]? postActions = null)
    {
        var harness = new Harness<ConferencecallEntity, ConferencecallState>(EntityId.Conferencecall(Guid.NewGuid()));
        harness.Run(e => e.Create(new CreateConferencecall(Guid.NewGuid(), Customer, Guid.NewGuid(), Roles.Member, false, false, false, [], postActions ?? [], refused)));
        return harness;
    }
}
