using Conference.Core.Transcribes;
using Conference.Durable;
using System.Text.Json;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Recordings;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;

namespace Conference.Functions.Tests;

/// <summary>The Durable entity wrapper runs the core entity and maps its effects: signals to SignalEntity (timers to a SignalLater orchestration), the rest back to a calling orchestration or, for a signal, to the entity's own outbox.</summary>
public sealed class CoreEntityFunctionTests
{
    private static readonly CoreEntityFunction Entity = RecordedEffects.Entity();

    [Fact]
    public async Task Create_stores_the_state_schedules_the_room_check_at_its_time_and_keeps_the_rest_in_its_outbox_asking_itself_to_deliver_it()
    {
        var id = Guid.NewGuid().ToString();
        var context = ContextOf(EntityNames.Conference, id);
        var state = new TextState();

        var before = DateTimeOffset.UtcNow;
        var result = await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), context.Object, state, CreateMessage()));
        var after = DateTimeOffset.UtcNow;

        Assert.Contains(id, (string)result!);
        Assert.Equal(id, state.Core!.Value.GetProperty("id").GetString());
        context.Verify(c => c.ScheduleNewOrchestration(
            It.Is<TaskName>(n => n.Name == DurableNames.SignalLater),
            It.Is<object?>(later => later is LaterSignal && ((LaterSignal)later).Name == EntityNames.Conference && ((LaterSignal)later).Key == id
                                    && ((LaterSignal)later).Operation == nameof(ConferenceEntity.RoomCheck)
                                    && ((LaterSignal)later).At >= before + ConferenceRules.RoomConfirmTimeout && ((LaterSignal)later).At <= after + ConferenceRules.RoomConfirmTimeout),
            It.IsAny<StartOrchestrationOptions?>()), Times.Once);
        Assert.Contains(state.Record.Outbox!, e => e.ToString().Contains("create_room"));
        context.Verify(c => c.SignalEntity(new EntityInstanceId(EntityNames.Conference, id), DurableNames.DeliverOutbox, It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()), Times.Once);
        context.Verify(c => c.SignalEntity(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()), Times.Once);
        context.Verify(c => c.ScheduleNewOrchestration(It.Is<TaskName>(n => n.Name != DurableNames.SignalLater), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()), Times.Never);
    }

    [Fact]
    public async Task Called_by_the_call_orchestration_it_hands_the_effects_back_with_the_result_and_schedules_only_the_timers()
    {
        var id = Guid.NewGuid().ToString();
        var context = ContextOf(EntityNames.Conference, id);
        var message = EntityMessage.FromJson(CreateMessage()) with { CallerDelivers = true };

        var state = new TextState();
        var answer = EntityAnswer.FromJson((string?)await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), context.Object, state, message.ToJson())));

        Assert.Contains(id, answer.ResultJson);
        Assert.Contains("create_room", answer.EffectsJson);
        context.Verify(c => c.ScheduleNewOrchestration(It.Is<TaskName>(n => n.Name == DurableNames.SignalLater),
            It.Is<object?>(later => later is LaterSignal && ((LaterSignal)later).Operation == nameof(ConferenceEntity.RoomCheck)), It.IsAny<StartOrchestrationOptions?>()), Times.Once);
        context.Verify(c => c.SignalEntity(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()), Times.Never);
        Assert.Null(DurableEntityRecord.FromJson(state.Json).Outbox);
    }

    public static TheoryData<string, object> EveryEntityCreated => new()
    {
        { EntityNames.Conference, new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = ConferenceTypes.Conference }) },
        { EntityNames.Conferencecall, new CreateConferencecall(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Roles.Member, false, false, false, [], [], "") },
        { EntityNames.Recording, new CreateRecording(Guid.NewGuid(), Guid.NewGuid(), "wav", "recordings/r.wav") },
        { EntityNames.Transcribe, new CreateTranscribe(Guid.NewGuid(), Guid.NewGuid(), "en-US") },
        { EntityNames.Call, new CreateCall(Guid.NewGuid(), CallTypes.Sip, CallDirections.Incoming, "sip:alice@example.com", "sip:conference@example.com", []) },
    };

    [Theory]
    [MemberData(nameof(EveryEntityCreated))]
    public async Task Every_registered_entity_runs_its_core_entity_through_the_wrapper(string name, object create)
    {
        var id = Guid.NewGuid().ToString();
        var state = new TextState();

        var result = await Entity.RunAsync(new FakeOperation("Create", ContextOf(name, id).Object, state, Message(create)));

        Assert.Equal(id, JsonDocument.Parse((string)result!).RootElement.GetProperty("id").GetString());
        Assert.Equal(id, state.Core!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_signal_carries_its_effect_id_as_the_message_id_so_the_target_applies_it_once()
    {
        var context = ContextOf(EntityNames.Conference, Guid.NewGuid().ToString());
        string? signalled = null;
        context.Setup(c => c.ScheduleNewOrchestration(It.Is<TaskName>(n => n.Name == DurableNames.SignalLater), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?>((_, later, _) => signalled = ((LaterSignal)later!).MessageJson)
            .Returns("instance");

        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), context.Object, new TextState(), CreateMessage()));

        var message = EntityMessage.FromJson(signalled);
        Assert.NotNull(message.MessageId);
        Assert.Equal(1, message.Input!.Value.GetInt32());
    }

    [Fact]
    public async Task A_refused_operation_throws_so_Durable_rolls_it_back_and_nothing_leaves()
    {
        var context = ContextOf(EntityNames.Conference, Guid.NewGuid().ToString());
        var state = new TextState();
        var input = new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = "nonsense" });

        await Assert.ThrowsAsync<EntityRefusedException>(async () => await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), context.Object, state, Message(input))));

        Assert.Null(state.Json);
        context.Verify(c => c.SignalEntity(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()), Times.Never);
        context.Verify(c => c.ScheduleNewOrchestration(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()), Times.Never);
    }

    [Fact]
    public async Task An_operation_on_stored_state_reads_it_and_writes_the_change()
    {
        var id = Guid.NewGuid().ToString();
        var state = new TextState();
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), ContextOf(EntityNames.Conference, id).Object, state, CreateMessage()));

        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Lock), ContextOf(EntityNames.Conference, id).Object, state, Message(null)));

        Assert.True(state.Core!.Value.GetProperty("is_locked").GetBoolean());
    }

    [Fact]
    public async Task A_message_applied_already_runs_nothing_and_answers_null_when_it_comes_again()
    {
        var id = Guid.NewGuid().ToString();
        var state = new TextState();
        var repeated = Guid.NewGuid();
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), ContextOf(EntityNames.Conference, id).Object, state, CreateMessage()));
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Lock), ContextOf(EntityNames.Conference, id).Object, state, Message(null, repeated)));
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Unlock), ContextOf(EntityNames.Conference, id).Object, state, Message(null, Guid.NewGuid())));

        var again = ContextOf(EntityNames.Conference, id);
        var result = await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Lock), again.Object, state, Message(null, repeated)));

        Assert.Null(result);
        Assert.False(state.Core!.Value.GetProperty("is_locked").GetBoolean());
        again.Verify(c => c.ScheduleNewOrchestration(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()), Times.Never);
        again.Verify(c => c.SignalEntity(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()), Times.Never);
        Assert.Contains(repeated, state.Record.Recent);
    }

    [Fact]
    public async Task A_refused_message_is_not_remembered_so_it_is_judged_again()
    {
        var id = Guid.NewGuid().ToString();
        var state = new TextState();
        var message = Guid.NewGuid();
        await Assert.ThrowsAsync<EntityRefusedException>(async () =>
            await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Lock), ContextOf(EntityNames.Conference, id).Object, state, Message(null, message))));
        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), ContextOf(EntityNames.Conference, id).Object, state, CreateMessage()));

        await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Lock), ContextOf(EntityNames.Conference, id).Object, state, Message(null, message)));

        Assert.True(state.Core!.Value.GetProperty("is_locked").GetBoolean());
    }

    [Fact]
    public async Task An_operation_that_leaves_no_state_and_no_message_stores_nothing()
    {
        var state = new TextState();

        await Assert.ThrowsAsync<EntityRefusedException>(async () =>
            await Entity.RunAsync(new FakeOperation(nameof(ConferenceEntity.Lock), ContextOf(EntityNames.Conference, Guid.NewGuid().ToString()).Object, state, Message(null))));

        Assert.Null(state.Json);
    }

    internal static string CreateMessage() => Message(new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = ConferenceTypes.Conference }));

    internal static string Message(object? input, Guid? messageId = null) =>
        new EntityMessage(input is null ? null : JsonSerializer.SerializeToElement(input, CoreJson.Options), messageId).ToJson();

    internal static Mock<TaskEntityContext> ContextOf(string name, string key)
    {
        var context = new Mock<TaskEntityContext>();
        context.SetupGet(c => c.Id).Returns(new EntityInstanceId(name, key));
        return context;
    }
}
