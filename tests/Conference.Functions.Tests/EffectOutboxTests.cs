using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;
using static Conference.Functions.Tests.CoreEntityFunctionTests;

namespace Conference.Functions.Tests;

/// <summary>A Durable entity delivers its signals' effects one delivery orchestration at a time: what comes meanwhile waits in its record and leaves, in order, in the next.</summary>
public sealed class EffectOutboxTests
{
    private static readonly CoreEntityFunction Entity = new(EntityRegistry.Default());

    [Fact]
    public async Task Effects_made_while_a_delivery_is_under_way_wait_and_leave_together_in_the_next_one()
    {
        var (context, batches, state) = await ReadyConferenceAsync();
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Update), context.Object, state,
            Message(new ConferenceSettings { Name = "renamed" }, Guid.NewGuid())));

        var first = Assert.Single(batches);
        Assert.Contains("create_room", first.UnpackedJson());
        Assert.NotNull(state.Record.DeliveringSince);
        Assert.Contains(state.Record.Outbox!, e => e.ToString().Contains("renamed"));

        await Entity.RunAsync(new FakeOperation(DurableNames.EffectsDelivered, context.Object, state, null));

        Assert.Equal(2, batches.Count);
        var waited = batches[1].UnpackedJson();
        Assert.DoesNotContain("create_room", waited);
        // RoomReady's list row and event (progressing, old name), then Update's (renamed): in the order the entity made them.
        Assert.Equal(2, waited.Split("conference_updated").Length - 1);
        Assert.True(waited.IndexOf("\"progressing\"", StringComparison.Ordinal) is >= 0 and var progressing
                    && waited.IndexOf("renamed", StringComparison.Ordinal) > progressing, waited);
        Assert.Null(state.Record.Outbox);
        Assert.NotNull(state.Record.DeliveringSince);

        await Entity.RunAsync(new FakeOperation(DurableNames.EffectsDelivered, context.Object, state, null));

        Assert.Equal(2, batches.Count);
        Assert.Null(state.Record.DeliveringSince);
        Assert.Equal("renamed", state.Core!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_delivery_that_never_told_back_holds_the_outbox_only_until_it_is_stale()
    {
        var id = Guid.NewGuid().ToString();
        var context = ContextOf(EntityNames.Conference, id);
        var batches = BatchesOf(context);
        var state = new TextState();
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), context.Object, state, CreateMessage()));
        var lost = state.Record with { DeliveringSince = DateTimeOffset.UtcNow - EffectOutbox.Stale - TimeSpan.FromSeconds(1) };
        state.SetState(lost.ToJson());

        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.RoomReady), context.Object, state, Message(null, Guid.NewGuid())));

        Assert.Equal(2, batches.Count);
        Assert.Contains("\"progressing\"", batches[1].UnpackedJson());
    }

    [Fact]
    public async Task A_busy_entitys_outbox_is_stored_and_sent_compressed_and_every_waiting_effect_leaves()
    {
        var (context, batches, state) = await ReadyConferenceAsync();
        const int Updates = 60;
        for (var i = 0; i < Updates; i++)
        {
            await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Update), context.Object, state,
                Message(new ConferenceSettings { Name = $"renamed {i:D2}" }, Guid.NewGuid())));
        }
        var uncompressed = System.Text.Json.JsonSerializer.Serialize(state.Record.Outbox).Length;

        // Stored at a fraction of its size, below the 30,000 characters past which the Azure Storage provider moves it to a blob.
        Assert.True(uncompressed > 30_000, $"the test's outbox should be large: {uncompressed}");
        Assert.True(state.Json!.Length < Math.Min(uncompressed / 4, 30_000), $"{state.Json.Length} of {uncompressed}");

        await Entity.RunAsync(new FakeOperation(DurableNames.EffectsDelivered, context.Object, state, null));

        var sent = batches[1];
        Assert.True(sent.EffectsJson.Length < uncompressed / 4, $"{sent.EffectsJson.Length} of {uncompressed}");
        var waited = sent.UnpackedJson();
        Assert.Equal(Updates + 1, waited.Split("conference_updated").Length - 1);
        Assert.True(waited.IndexOf("renamed 00", StringComparison.Ordinal) is >= 0 and var first
                    && waited.IndexOf($"renamed {Updates - 1}", StringComparison.Ordinal) > first);
    }

    [Fact]
    public async Task The_delivery_orchestration_tells_its_entity_even_when_the_delivery_failed()
    {
        var batch = new EffectBatch(EntityNames.Conference, "c1", "[]");
        var told = new List<(EntityInstanceId, string)>();
        var entities = new Mock<TaskOrchestrationEntityFeature>();
        entities.Setup(e => e.SignalEntityAsync(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()))
            .Callback<EntityInstanceId, string, object?, SignalEntityOptions?>((target, operation, _, _) => told.Add((target, operation))).Returns(Task.CompletedTask);
        var orchestration = new Mock<TaskOrchestrationContext>();
        orchestration.Setup(o => o.GetInput<EffectBatch>()).Returns(batch);
        orchestration.SetupGet(o => o.Entities).Returns(entities.Object);
        orchestration.Setup(o => o.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new InvalidOperationException("every retry failed"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => EffectDelivery.RunAsync(orchestration.Object));

        Assert.Equal([(new EntityInstanceId(EntityNames.Conference, "c1"), DurableNames.EffectsDelivered)], told);
    }

    /// <summary>A conference created and told its room is ready: the create's delivery is under way, the ready's effects wait.</summary>
    private static async Task<(Mock<TaskEntityContext> Context, List<EffectBatch> Batches, TextState State)> ReadyConferenceAsync()
    {
        var context = ContextOf(EntityNames.Conference, Guid.NewGuid().ToString());
        var batches = BatchesOf(context);
        var state = new TextState();
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), context.Object, state, CreateMessage()));
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.RoomReady), context.Object, state, Message(null, Guid.NewGuid())));
        return (context, batches, state);
    }

    private static List<EffectBatch> BatchesOf(Mock<TaskEntityContext> context)
    {
        var batches = new List<EffectBatch>();
        context.Setup(c => c.ScheduleNewOrchestration(It.Is<TaskName>(n => n.Name == DurableNames.DeliverEffects), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?>((_, batch, _) => batches.Add((EffectBatch)batch!)).Returns("delivery");
        return batches;
    }
}
