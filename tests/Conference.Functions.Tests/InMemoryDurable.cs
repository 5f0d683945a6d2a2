using Conference.Durable;
using Conference.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Moq;

namespace Conference.Functions.Tests;

/// <summary>
/// Durable's side of a call, in memory, from Moq setups over its abstract classes: starting the
/// <see cref="EntityCalls.RunAsync"/> orchestration runs it at once; its entity call runs
/// <see cref="CoreEntityFunction"/> on the entity's stored text, rolls back an operation that throws
/// and reports it as Durable does (<see cref="EntityOperationFailedException"/> naming the exception's
/// type); the effect delivery it then calls is recorded, in order with the entity calls; the output is
/// read back through Durable's JSON converter. Only the adapter's own code runs.
/// </summary>
internal sealed class InMemoryDurable
{
    private readonly CoreEntityFunction _entity = RecordedEffects.Entity();
    private readonly Dictionary<EntityInstanceId, string> _states = [];
    private readonly Dictionary<string, string?> _outputs = [];

    public Mock<DurableTaskClient> Client { get; } = new("in-memory");

    /// <summary>What the call orchestrations did, in order: "call Name.Operation" and "deliver Name (n effects)".</summary>
    public List<string> Steps { get; } = [];

    /// <summary>The batches the call orchestrations delivered.</summary>
    public List<EffectBatch> Delivered { get; } = [];

    public InMemoryDurable()
    {
        var entities = new Mock<DurableEntityClient>("in-memory");
        entities.Setup(e => e.GetEntityAsync<string>(It.IsAny<EntityInstanceId>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((EntityInstanceId id, bool _, CancellationToken _) => _states.TryGetValue(id, out var json) ? new EntityMetadata<string>(id, json) : null);
        Client.SetupGet(c => c.Entities).Returns(entities.Object);
        Client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.Is<TaskName>(n => n.Name == DurableNames.CallEntity), It.IsAny<object?>(), null, It.IsAny<CancellationToken>()))
            .Returns(async (TaskName _, object? input, StartOrchestrationOptions? _, CancellationToken _) =>
            {
                var instanceId = Guid.NewGuid().ToString("N");
                var outcome = await EntityCalls.RunAsync(OrchestrationOf((EntityCallRequest)input!));
                _outputs[instanceId] = JsonDataConverter.Default.Serialize(outcome);
                return instanceId;
            });
        Client.Setup(c => c.WaitForInstanceCompletionAsync(It.IsAny<string>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string instanceId, bool _, CancellationToken _) => new OrchestrationMetadata(DurableNames.CallEntity, instanceId)
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                SerializedOutput = _outputs[instanceId],
                DataConverter = JsonDataConverter.Default,
            });
    }

    public string? StateOf(EntityId id) => _states.GetValueOrDefault(new EntityInstanceId(id.Name, id.Key));

    private TaskOrchestrationContext OrchestrationOf(EntityCallRequest request)
    {
        var entities = new Mock<TaskOrchestrationEntityFeature>();
        entities.Setup(e => e.CallEntityAsync<string?>(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CallEntityOptions?>()))
            .Returns((EntityInstanceId id, string operation, object? input, CallEntityOptions? _) => RunEntityAsync(id, operation, (string?)input));
        var orchestration = new Mock<TaskOrchestrationContext>();
        orchestration.Setup(o => o.GetInput<EntityCallRequest>()).Returns(request);
        orchestration.SetupGet(o => o.Entities).Returns(entities.Object);
        orchestration.Setup(o => o.CallActivityAsync(It.Is<TaskName>(n => n.Name == DurableNames.DeliverEffectsActivity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? batch, TaskOptions? _) =>
            {
                Delivered.Add((EffectBatch)batch!);
                Steps.Add($"deliver {((EffectBatch)batch!).Name}");
                return Task.CompletedTask;
            });
        return orchestration.Object;
    }

    private async Task<string?> RunEntityAsync(EntityInstanceId id, string operation, string? input)
    {
        Steps.Add($"call {id.Name}.{operation}");
        var state = new TextState(_states.GetValueOrDefault(id));
        var context = new Mock<TaskEntityContext>();
        context.SetupGet(c => c.Id).Returns(id);
        try
        {
            var result = await _entity.RunAsync(new FakeOperation(operation, context.Object, state, input));
            if (state.Json is null)
            {
                _states.Remove(id);
            }
            else
            {
                _states[id] = state.Json;
            }
            return (string?)result;
        }
        catch (Exception e)
        {
            throw new EntityOperationFailedException(id, operation, new TaskFailureDetails(e.GetType().ToString(), e.Message, e.StackTrace, InnerFailure: null, Properties: null));
        }
    }
}
