using Conference.Durable;
using System.Text.Json;
using Microsoft.DurableTask.Entities;

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
