// Stand-ins for Microsoft.Azure.Functions.Worker.Extensions.DurableTask (1.18.0): the trigger and
// client binding attributes and the entity dispatcher, with the package's namespaces and public
// signatures (read from Azure/azure-functions-durable-extension). Nothing here dispatches.
using Microsoft.DurableTask.Entities;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class DurableClientAttribute : Attribute
    {
        public string? TaskHub { get; set; }

        public string? ConnectionName { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class OrchestrationTriggerAttribute : Attribute
    {
        public string? Orchestration { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class ActivityTriggerAttribute : Attribute
    {
        public string? Activity { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class EntityTriggerAttribute : Attribute
    {
        public string? EntityName { get; set; }
    }

    public sealed class TaskEntityDispatcher
    {
        private TaskEntityDispatcher()
        {
        }

        public Task DispatchAsync(ITaskEntity entity) => throw new NotSupportedException(StandIn.Message);

        public Task DispatchAsync<T>() => throw new NotSupportedException(StandIn.Message);
    }
}
