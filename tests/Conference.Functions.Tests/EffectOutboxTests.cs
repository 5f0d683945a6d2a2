using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;
using static Conference.Functions.Tests.CoreEntityFunctionTests;

namespace Conference.Functions.Tests;

/// <summary>
/// A Durable entity delivers its signals' effects itself: they wait in its stored record, and it asks
/// itself to deliver them with a signal Durable sends once that record is stored. What comes while one
/// is asked for waits for the next, in order; a failed delivery keeps its effects and is asked again later.
/// </summary>
public sealed class EffectOutboxTests
{
    [Fact]
    public async Task The_effects_of_a_signal_wait_in_the_stored_record_and_leave_when_the_entitys_own_ask_arrives()
    {
        var conference = new OneConference();
        await conference.RunAsync(nameof(ConferenceEntity.Create), CreateMessage());

        Assert.Empty(conference.Effects.Delivered);
        Assert.Contains(conference.State.Record.Outbox!, e => e.ToString().Contains("create_room"));
        var ask = Assert.Single(conference.Asks);

        await conference.RunAsync(DurableNames.DeliverOutbox, ask);

        Assert.Contains("create_room", conference.Effects.Json);
        Assert.All(conference.Effects.Delivered, d => Assert.Equal(new EntityId(EntityNames.Conference, conference.Id), d.Source));
        Assert.Null(conference.State.Record.Outbox);
        Assert.False(conference.State.Record.DeliveryAsked);
        Assert.Single(conference.Asks);
        Assert.Equal(conference.Id, conference.State.Core!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Effects_made_after_the_ask_was_sent_wait_for_the_next_ask_and_leave_in_the_order_they_were_made()
    {
        var conference = new OneConference();
        await conference.RunAsync(nameof(ConferenceEntity.Create), CreateMessage());
        await conference.RunAsync(nameof(ConferenceEntity.RoomReady), Message(null, Guid.NewGuid()));
        await conference.RunAsync(nameof(ConferenceEntity.Update), Message(new ConferenceSettings { Name = "renamed" }, Guid.NewGuid()));
        Assert.Single(conference.Asks);

        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[0]);

        // Only the create's: the later ones were not stored when the ask left.
        var first = conference.Effects.Json;
        Assert.Contains("create_room", first);
        Assert.DoesNotContain("renamed", first);
        Assert.DoesNotContain("\"progressing\"", first);
        Assert.Equal(2, conference.Asks.Count);
        Assert.True(conference.State.Record.DeliveryAsked);

        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[1]);

        var waited = conference.Effects.Json[first.Length..];
        Assert.Equal(2, waited.Split("conference_updated").Length - 1);
        Assert.True(waited.IndexOf("\"progressing\"", StringComparison.Ordinal) is >= 0 and var progressing
                    && waited.IndexOf("renamed", StringComparison.Ordinal) > progressing, waited);
        Assert.Null(conference.State.Record.Outbox);
        Assert.False(conference.State.Record.DeliveryAsked);
        Assert.Equal(2, conference.Asks.Count);
    }

    [Fact]
    public async Task An_ask_that_arrives_twice_delivers_nothing_twice()
    {
        var conference = new OneConference();
        await conference.RunAsync(nameof(ConferenceEntity.Create), CreateMessage());
        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[0]);
        var delivered = conference.Effects.Delivered.Count;

        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[0]);

        Assert.Equal(delivered, conference.Effects.Delivered.Count);
        Assert.Null(conference.State.Record.Outbox);
    }

    [Fact]
    public async Task A_failed_delivery_keeps_its_effects_and_asks_again_later_backing_off()
    {
        var conference = new OneConference();
        await conference.RunAsync(nameof(ConferenceEntity.Create), CreateMessage());
        conference.Effects.Failing = true;

        var before = DateTimeOffset.UtcNow;
        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[0]);
        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Later[0].MessageJson);

        Assert.Empty(conference.Effects.Delivered);
        Assert.Contains(conference.State.Record.Outbox!, e => e.ToString().Contains("create_room"));
        Assert.Equal(2, conference.State.Record.FailedDeliveries);
        Assert.Equal(2, conference.Later.Count);
        Assert.All(conference.Later, l => Assert.Equal(DurableNames.DeliverOutbox, l.Operation));
        Assert.InRange(conference.Later[0].At - before, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(conference.Later[1].At - before, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        conference.Effects.Failing = false;
        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Later[1].MessageJson);

        Assert.Contains("create_room", conference.Effects.Json);
        Assert.Null(conference.State.Record.Outbox);
        Assert.Equal(0, conference.State.Record.FailedDeliveries);
        Assert.Equal(TimeSpan.FromMinutes(1), EffectOutbox.RetryAfter(20));
    }

    [Fact]
    public async Task A_busy_entitys_outbox_is_stored_compressed_and_every_waiting_effect_leaves_in_order()
    {
        var conference = new OneConference();
        await conference.RunAsync(nameof(ConferenceEntity.Create), CreateMessage());
        await conference.RunAsync(nameof(ConferenceEntity.RoomReady), Message(null, Guid.NewGuid()));
        const int Updates = 60;
        for (var i = 0; i < Updates; i++)
        {
            await conference.RunAsync(nameof(ConferenceEntity.Update), Message(new ConferenceSettings { Name = $"renamed {i:D2}" }, Guid.NewGuid()));
        }
        var uncompressed = System.Text.Json.JsonSerializer.Serialize(conference.State.Record.Outbox).Length;

        // Stored at a fraction of its size, below the 30,000 characters past which the Azure Storage provider moves it to a blob.
        Assert.True(uncompressed > 30_000, $"the test's outbox should be large: {uncompressed}");
        Assert.True(conference.State.Json!.Length < Math.Min(uncompressed / 4, 30_000), $"{conference.State.Json.Length} of {uncompressed}");

        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[0]);
        await conference.RunAsync(DurableNames.DeliverOutbox, conference.Asks[1]);

        var delivered = conference.Effects.Json;
        Assert.Equal(Updates + 1, delivered.Split("conference_updated").Length - 1);
        Assert.True(delivered.IndexOf("renamed 00", StringComparison.Ordinal) is >= 0 and var first
                    && delivered.IndexOf($"renamed {Updates - 1}", StringComparison.Ordinal) > first);
        Assert.Null(conference.State.Record.Outbox);
    }

    /// <summary>One conference entity run through the wrapper, keeping what it asks itself and what it schedules for later.</summary>
    private sealed class OneConference
    {
        private readonly Mock<TaskEntityContext> _context;
        private readonly CoreEntityFunction _entity;

        public OneConference()
        {
            _context = ContextOf(EntityNames.Conference, Id);
            _context.Setup(c => c.SignalEntity(new EntityInstanceId(EntityNames.Conference, Id), DurableNames.DeliverOutbox, It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()))
                .Callback<EntityInstanceId, string, object?, SignalEntityOptions?>((_, _, input, _) => Asks.Add((string)input!));
            _context.Setup(c => c.ScheduleNewOrchestration(It.Is<TaskName>(n => n.Name == DurableNames.SignalLater), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()))
                .Callback<TaskName, object?, StartOrchestrationOptions?>((_, later, _) =>
                {
                    if (((LaterSignal)later!).Operation == DurableNames.DeliverOutbox)
                    {
                        Later.Add((LaterSignal)later);
                    }
                })
                .Returns("later");
            _entity = RecordedEffects.Entity(Effects);
        }

        public string Id { get; } = Guid.NewGuid().ToString();
        public RecordedEffects Effects { get; } = new();
        public TextState State { get; } = new();
        public List<string> Asks { get; } = [];
        public List<LaterSignal> Later { get; } = [];

        public async Task RunAsync(string operation, string? input) => await _entity.RunAsync(new FakeOperation(operation, _context.Object, State, input));
    }
}
