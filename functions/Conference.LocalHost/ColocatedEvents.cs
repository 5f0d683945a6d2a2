using Azure.Data.Tables;
using Conference.Adapters.Events;
using Conference.Core.Entities;
using Conference.Runtime;

namespace Conference.LocalHost;

/// <summary>A conference's events are rows of its own partition: the runtime stores them in the commit that numbers them.</summary>
internal sealed class ColocatedEvents : IColocatedEffects
{
    public TableEntity? RowOf(EntityId source, Effect effect) =>
        effect is PublishEffect published && source == EntityId.Conference(published.Event.ConferenceId) ? EventLog.RowOf(published.Event) : null;
}
