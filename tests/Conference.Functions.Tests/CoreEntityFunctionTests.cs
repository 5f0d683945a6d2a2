using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;

namespace Conference.Functions.Tests;

/// <summary>The Durable entity wrapper runs the core entity and maps its effects: signals to SignalEntity (timers with SignalTime), the rest to one delivery orchestration.</summary>
public sealed class CoreEntityFunctionTests
{
    private static readonly CoreEntityFunction Entity = new(EntityRegistry.Default());

    [Fact]
    public async Task Create_stores_the_state_schedules_the_room_check_at_its_time_and_sends_the_rest_through_one_orchestration()
    {
        var id = Guid.NewGuid().ToString();
        var context = ContextOf(EntityNames.Conference, id);
        var state = new JsonState(null);
        var input = JsonSerializer.Serialize(new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = ConferenceTypes.Conference }), CoreJson.Options);

        var before = DateTimeOffset.UtcNow;
        var result = await Entity.RunAsync(new Operation(nameof(ConferenceEntity.Create), context.Object, state, input));
        var after = DateTimeOffset.UtcNow;

        Assert.Contains(id, (string)result!);
        Assert.Equal(id, JsonDocument.Parse(state.Json!).RootElement.GetProperty("id").GetString());
        context.Verify(c => c.SignalEntity(
            It.Is<EntityInstanceId>(e => e.Name == EntityNames.Conference && e.Key == id),
            nameof(ConferenceEntity.RoomCheck),
            It.IsAny<object?>(),
            It.Is<SignalEntityOptions?>(o => o != null && o.SignalTime >= before + ConferenceRules.RoomConfirmTimeout && o.SignalTime <= after + ConferenceRules.RoomConfirmTimeout)), Times.Once);
        context.Verify(c => c.ScheduleNewOrchestration(
            It.Is<TaskName>(n => n.Name == nameof(EffectDelivery.DeliverEffects)),
            It.Is<object?>(batch => batch is EffectBatch && ((EffectBatch)batch).EffectsJson.Contains("create_room") && ((EffectBatch)batch).Key == id),
            It.IsAny<StartOrchestrationOptions?>()), Times.Once);
    }

    [Fact]
    public async Task A_refused_operation_throws_so_Durable_rolls_it_back_and_nothing_leaves()
    {
        var context = ContextOf(EntityNames.Conference, Guid.NewGuid().ToString());
        var state = new JsonState(null);
        var input = JsonSerializer.Serialize(new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = "nonsense" }), CoreJson.Options);

        await Assert.ThrowsAsync<EntityRefusedException>(async () => await Entity.RunAsync(new Operation(nameof(ConferenceEntity.Create), context.Object, state, input)));

        Assert.Null(state.Json);
        context.Verify(c => c.SignalEntity(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()), Times.Never);
        context.Verify(c => c.ScheduleNewOrchestration(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()), Times.Never);
    }

    [Fact]
    public async Task An_operation_on_stored_state_reads_it_and_writes_the_change()
    {
        var id = Guid.NewGuid().ToString();
        var state = new JsonState(null);
        var input = JsonSerializer.Serialize(new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = ConferenceTypes.Conference }), CoreJson.Options);
        await Entity.RunAsync(new Operation(nameof(ConferenceEntity.Create), ContextOf(EntityNames.Conference, id).Object, state, input));

        await Entity.RunAsync(new Operation(nameof(ConferenceEntity.Lock), ContextOf(EntityNames.Conference, id).Object, state, null));

        Assert.True(JsonDocument.Parse(state.Json!).RootElement.GetProperty("is_locked").GetBoolean());
    }

    private static Mock<TaskEntityContext> ContextOf(string name, string key)
    {
        var context = new Mock<TaskEntityContext>();
        context.SetupGet(c => c.Id).Returns(new EntityInstanceId(name, key));
        return context;
    }

    private sealed class Operation(string name, TaskEntityContext context, TaskEntityState state, string? input) : TaskEntityOperation
    {
        public override string Name => name;
        public override TaskEntityContext Context => context;
        public override TaskEntityState State => state;
        public override bool HasInput => input is not null;
        public override object? GetInput(Type inputType) => input;
    }

    /// <summary>The entity's state as Durable would hold it: the project's JSON text.</summary>
    private sealed class JsonState(string? json) : TaskEntityState
    {
        public string? Json { get; private set; } = json;
        public override bool HasState => Json is not null;
        public override object? GetState(Type type) => Json;
        public override void SetState(object? state) => Json = (string?)state;
    }
}
