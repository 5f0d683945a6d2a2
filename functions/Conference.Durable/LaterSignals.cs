using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace Conference.Durable;

/// <summary>One entity signal for later: the target, the operation, its message and when.</summary>
public sealed record LaterSignal(string Name, string Key, string Operation, string MessageJson, DateTimeOffset At);

/// <summary>
/// A timer of the core (a signal for later) as a small orchestration: a durable timer, then the
/// signal. Durable's own delayed entity signal is not used, because of how the Azure Storage
/// provider delivers it: a queue message's delay is whole seconds (Azure and Azurite alike), so it
/// arrives up to a second early, and the entity re-sends it to itself until it is within 100 ms of
/// its time; measured here, about 20 extra messages (some 100 storage requests) for every timer, and
/// a participant's health check is a timer every 5 s. An orchestration timer fires once. It waits a
/// <see cref="Margin"/> more than asked, so that it is never early: a timer of the core fires up to
/// a second late, never before its time.
/// </summary>
public static class LaterSignals
{
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        var signal = context.GetInput<LaterSignal>() ?? throw new InvalidOperationException("A later signal needs its input.");
        await context.CreateTimer(signal.At.UtcDateTime + Margin, CancellationToken.None);
        await context.Entities.SignalEntityAsync(new EntityInstanceId(signal.Name, signal.Key), signal.Operation, signal.MessageJson);
    }
}
