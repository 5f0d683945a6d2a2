using Conference.Core.Entities;

namespace Conference.Tests.Support;

/// <summary>A minimal entity for testing the runtime itself.</summary>
public sealed class CounterEntity : Entity<CounterState>
{
    public const string Name = "counter";

    public int Create(int start)
    {
        State ??= new CounterState { Value = start };
        return State.Value;
    }

    /// <summary>Leaves <paramref name="count"/> notes at once (more rows than one storage transaction holds).</summary>
    public void NoteMany(int count)
    {
        State ??= new CounterState();
        for (var i = 0; i < count; i++)
        {
            Context.Project("note", Guid.Empty, Guid.Empty, new { text = $"note {i}" });
        }
    }

    public int Add(int amount)
    {
        State ??= new CounterState();
        State.Value += amount;
        return State.Value;
    }

    public void Append(int n) => (State ??= new CounterState()).Seen.Add(n);

    public void Fail()
    {
        State ??= new CounterState();
        State.Value = -999;
        Context.Project("note", Guid.Empty, Guid.Empty, new { text = "must not leave" });
        throw DomainException.Conflict("REFUSED", "Refused on purpose.");
    }

    public void AddLater(AddLater input)
    {
        State ??= new CounterState();
        Context.SignalSelf(nameof(Add), input.Amount, Context.Now.AddMilliseconds(input.DelayMilliseconds));
    }

    public void AddTo(string key)
    {
        State ??= new CounterState();
        Context.Signal(Id(key), nameof(Add), 1);
    }

    public void Note(string text)
    {
        State ??= new CounterState();
        Context.Project("note", Guid.Empty, Guid.Empty, new { text });
    }

    public static EntityId Id(string key) => new(Name, key);
}

public sealed class CounterState
{
    public int Value { get; set; }
    public List<int> Seen { get; set; } = [];
}

public sealed record AddLater(int Amount, int DelayMilliseconds);
