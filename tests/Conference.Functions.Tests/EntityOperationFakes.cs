using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Durable;
using System.Text.Json;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Functions.Tests;

/// <summary>One operation as Durable hands it to an entity: its name, context, stored state and input text.</summary>
internal sealed class FakeOperation(string name, TaskEntityContext context, TaskEntityState state, string? input) : TaskEntityOperation
{
    public override string Name => name;
    public override TaskEntityContext Context => context;
    public override TaskEntityState State => state;
    public override bool HasInput => input is not null;
    public override object? GetInput(Type inputType) => input;
}

/// <summary>An entity's state as Durable would hold it: the adapter's JSON text (null when there is none).</summary>
internal sealed class TextState(string? json = null) : TaskEntityState
{
    public string? Json { get; private set; } = json;
    public DurableEntityRecord Record => DurableEntityRecord.FromJson(Json);
    public JsonElement? Core => Record.State;
    public override bool HasState => Json is not null;
    public override object? GetState(Type type) => Json;
    public override void SetState(object? state) => Json = (string?)state;
}

/// <summary>
/// Where the adapter delivers effects in these tests: the effects it was given, in order, with their
/// source; media commands tried apart. <see cref="Failing"/> fails every delivery, <see cref="FailMedia"/>
/// only media commands (a media host that is down).
/// </summary>
internal sealed class RecordedEffects : IEffectHandler
{
    public List<(EntityId Source, Effect Effect)> Delivered { get; } = [];

    public List<(EntityId Source, Guid Id)> MediaTried { get; } = [];

    public bool Failing { get; set; }

    public bool FailMedia { get; init; }

    /// <summary>Every effect delivered so far, as the project's JSON, in the order delivered.</summary>
    public string Json => string.Join("\n", Delivered.Select(d => JsonSerializer.Serialize(d.Effect, CoreJson.Options)));

    public Task DeliverAsync(EntityId source, Effect effect, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            return Task.FromException(new HttpRequestException("storage down"));
        }
        if (effect is MediaEffect)
        {
            MediaTried.Add((source, effect.Id));
            if (FailMedia)
            {
                return Task.FromException(new HttpRequestException("media host down"));
            }
        }
        Delivered.Add((source, effect));
        return Task.CompletedTask;
    }

    /// <summary>The adapter's entity wrapper over the core's entities, delivering to <paramref name="effects"/>.</summary>
    public static CoreEntityFunction Entity(RecordedEffects? effects = null) =>
        new(EntityRegistry.Default(), effects ?? new RecordedEffects(), NullLogger<CoreEntityFunction>.Instance);
}
