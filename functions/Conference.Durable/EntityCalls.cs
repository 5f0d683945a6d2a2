using System.Text.Json;
using Conference.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace Conference.Durable;

/// <summary>One operation on one entity: the message it receives, as <see cref="EntityMessage"/> JSON.</summary>
public sealed record EntityCallRequest(string Name, string Key, string Operation, string MessageJson);

/// <summary>The answer: the result as JSON, or the rule that refused it.</summary>
public sealed record EntityCallOutcome(string? ResultJson, EntityRefusal? Refusal);

/// <summary>A <see cref="DomainException"/> carried through Durable, which keeps only an exception's type and message.</summary>
public sealed record EntityRefusal(ErrorKind Kind, string Reason, string Detail)
{
    public DomainException ToException() => new(Kind, Reason, Detail);

    public static bool TryParse(TaskFailureDetails? failure, out EntityRefusal? refusal)
    {
        refusal = null;
        if (failure is null || failure.ErrorType != typeof(EntityRefusedException).FullName)
        {
            return false;
        }
        refusal = JsonSerializer.Deserialize<EntityRefusal>(failure.ErrorMessage);
        return refusal is not null;
    }
}

/// <summary>Thrown from an entity operation that a rule refused: Durable rolls the operation back and passes the message on.</summary>
public sealed class EntityRefusedException(DomainException refusal)
    : Exception(JsonSerializer.Serialize(new EntityRefusal(refusal.Kind, refusal.Reason, refusal.Message)));

/// <summary>
/// The <see cref="DurableNames.CallEntity"/> orchestration: one entity call, then its effects
/// delivered (indexes, events, media commands), then its result or the rule that refused it. So an
/// answer means what it means on the embedded engine: a new conference is in the list, a regenerated
/// hash is refused by the media host.
/// </summary>
public static class EntityCalls
{
    public static async Task<EntityCallOutcome> RunAsync(TaskOrchestrationContext context)
    {
        var request = context.GetInput<EntityCallRequest>()!;
        var message = EntityMessage.FromJson(request.MessageJson) with { CallerDelivers = true };
        try
        {
            var answer = EntityAnswer.FromJson(await context.Entities.CallEntityAsync<string?>(
                new EntityInstanceId(request.Name, request.Key), request.Operation, message.ToJson()));
            if (answer.EffectsJson is { } effects)
            {
                await EffectDelivery.DeliverFrom(context, EffectBatch.Of(request.Name, request.Key, effects));
            }
            return new EntityCallOutcome(answer.ResultJson, null);
        }
        catch (EntityOperationFailedException e) when (EntityRefusal.TryParse(e.FailureDetails, out var refusal))
        {
            return new EntityCallOutcome(null, refusal);
        }
    }
}
