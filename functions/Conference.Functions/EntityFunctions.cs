using Conference.Core.Entities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Entities;

namespace Conference.Functions;

/// <summary>The entity triggers: the function's name is the entity's name, as the core names them.</summary>
public static class EntityFunctions
{
    [Function(EntityNames.Conference)]
    public static Task Conference([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Conferencecall)]
    public static Task Conferencecall([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Recording)]
    public static Task Recording([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();

    [Function(EntityNames.Call)]
    public static Task Call([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CoreEntityFunction>();
}
