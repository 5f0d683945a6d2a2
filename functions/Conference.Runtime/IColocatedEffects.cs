using Azure.Data.Tables;
using Conference.Core.Entities;

namespace Conference.Runtime;

/// <summary>
/// Effects whose destination is a row in their entity's own partition of the entities table (a
/// conference's events): the runtime writes them in the same transaction as the state that makes
/// them, so they cost no request of their own, and guarantees them stored before the effect
/// handler sees the effect (so the handler does not store them again).
/// </summary>
public interface IColocatedEffects
{
    /// <summary>The row <paramref name="effect"/> becomes in <paramref name="source"/>'s partition, or null when it goes elsewhere.</summary>
    TableEntity? RowOf(EntityId source, Effect effect);
}
