using Conference.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;

namespace Conference.Functions.Tests;

public sealed class LaterSignalsTests
{
    [Fact]
    public async Task A_timer_waits_past_its_time_by_the_margin_and_then_signals_its_entity_once()
    {
        var at = new DateTimeOffset(2026, 11, 29, 12, 0, 0, 250, TimeSpan.Zero);
        var steps = new List<string>();
        var entities = new Mock<TaskOrchestrationEntityFeature>();
        entities.Setup(e => e.SignalEntityAsync(It.IsAny<EntityInstanceId>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<SignalEntityOptions?>()))
            .Callback<EntityInstanceId, string, object?, SignalEntityOptions?>((id, operation, input, options) =>
                steps.Add($"signal {id.Name}/{id.Key} {operation} {input} {(options?.SignalTime is null ? "now" : "later")}"))
            .Returns(Task.CompletedTask);
        var orchestration = new Mock<TaskOrchestrationContext>();
        orchestration.Setup(o => o.GetInput<LaterSignal>()).Returns(new LaterSignal("conferencecall", "k", "HealthCheck", "{\"m\":1}", at));
        orchestration.SetupGet(o => o.Entities).Returns(entities.Object);
        orchestration.Setup(o => o.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback<DateTime, CancellationToken>((fireAt, _) => steps.Add($"timer {fireAt:O}"))
            .Returns(Task.CompletedTask);

        await LaterSignals.RunAsync(orchestration.Object);

        Assert.Equal(["timer 2026-11-29T12:00:01.2500000Z", "signal conferencecall/k HealthCheck {\"m\":1} now"], steps);
    }
}
