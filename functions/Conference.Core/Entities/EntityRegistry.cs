using Conference.Core.Recordings;
using Conference.Core.Transcribes;
using Conference.Core.Calls;
using System.Reflection;
using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Json;

namespace Conference.Core.Entities;

/// <summary>
/// The entity classes a host knows, and dispatch to their operations as Durable does it: a
/// public instance method matched by name case-insensitively, one input at most. Both the local
/// runtime and the Azure Durable adapter dispatch through here.
/// </summary>
public sealed class EntityRegistry
{
    private readonly Dictionary<string, EntityType> _types = new(StringComparer.Ordinal);

    /// <summary>The conference, the conferencecall, the recording, the transcribe and the call.</summary>
    public static EntityRegistry Default() => new EntityRegistry()
        .Add<ConferenceEntity, ConferenceState>(EntityNames.Conference)
        .Add<ConferencecallEntity, ConferencecallState>(EntityNames.Conferencecall)
        .Add<RecordingEntity, RecordingState>(EntityNames.Recording)
        .Add<TranscribeEntity, TranscribeState>(EntityNames.Transcribe)
        .Add<CallEntity, CallState>(EntityNames.Call);

    public EntityRegistry Add<TEntity, TState>(string name)
        where TEntity : Entity<TState>, new()
        where TState : class
    {
        var operations = typeof(TEntity).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        _types[name.ToLowerInvariant()] = new EntityType(typeof(TState), () => new EntityInstance<TEntity, TState>(), operations);
        return this;
    }

    public IEnumerable<string> Names => _types.Keys;

    public EntityType Get(string name) =>
        _types.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"No entity named '{name}' is registered.");
}

public sealed record EntityType(Type StateType, Func<IEntityInstance> Create, IReadOnlyDictionary<string, MethodInfo> Operations)
{
    /// <summary>The operation that brings an entity into being: every core entity names it so.</summary>
    public const string CreateOperation = "Create";

    public bool IsCreation(string operation) => string.Equals(operation, CreateOperation, StringComparison.OrdinalIgnoreCase);

    /// <summary>What an operation answers (null for none), so a host that moves results as JSON can read them back.</summary>
    public Type? ResultType(string operation) =>
        Operations.TryGetValue(operation, out var method) && method.ReturnType != typeof(void) ? method.ReturnType : null;

    /// <summary>Runs one operation on <paramref name="instance"/>; a <see cref="DomainException"/> passes through.</summary>
    public object? Invoke(IEntityInstance instance, string operation, object? input)
    {
        if (!Operations.TryGetValue(operation, out var method))
        {
            throw new InvalidOperationException($"The entity has no operation '{operation}'.");
        }
        var parameters = method.GetParameters();
        object?[] arguments = parameters.Length switch
        {
            0 => [],
            1 => [Convert(input, parameters[0].ParameterType)],
            _ => throw new InvalidOperationException($"Operation '{operation}' takes more than one input."),
        };
        try
        {
            return method.Invoke(instance.Entity, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static object? Convert(object? input, Type type) => input switch
    {
        null => type.IsValueType ? Activator.CreateInstance(type) : null,
        JsonElement json => json.Deserialize(type, CoreJson.Options),
        _ when type.IsInstanceOfType(input) => input,
        _ => JsonSerializer.SerializeToElement(input, CoreJson.Options).Deserialize(type, CoreJson.Options),
    };
}

/// <summary>An entity object with its state and context, whatever its state type.</summary>
public interface IEntityInstance
{
    object Entity { get; }
    object? State { get; set; }
    EntityContext Context { set; }
}

public sealed class EntityInstance<TEntity, TState> : IEntityInstance
    where TEntity : Entity<TState>, new()
    where TState : class
{
    private readonly TEntity _entity = new();

    public object Entity => _entity;

    public object? State
    {
        get => _entity.State;
        set => _entity.State = (TState?)value;
    }

    public EntityContext Context
    {
        set => _entity.Context = value;
    }
}
