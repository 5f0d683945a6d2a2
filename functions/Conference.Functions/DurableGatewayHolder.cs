using Conference.Core.Entities;
using Conference.Durable;
using Microsoft.DurableTask.Client;

namespace Conference.Functions;

/// <summary>Per request, the gateway over that request's Durable client (a binding, not a service).</summary>
public sealed class DurableGatewayHolder(EntityRegistry registry)
{
    public IEntityGateway Gateway { get; private set; } = null!;

    public void Use(DurableTaskClient client) => Gateway = new DurableEntityGateway(client, registry);
}
