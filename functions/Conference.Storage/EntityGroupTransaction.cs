using Azure.Data.Tables;

namespace Conference.Storage;

/// <summary>
/// An entity group transaction as Azure allows it: every action in one partition and at most
/// <see cref="MaxActions"/> of them. Azurite accepts a batch across partitions, so without this
/// check code that passes here would fail in Azure.
/// </summary>
public static class EntityGroupTransaction
{
    public const int MaxActions = 100;

    /// <summary>Applies every action or none; a failed action throws <see cref="TableTransactionFailedException"/>.</summary>
    public static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        if (actions.Count == 0)
        {
            return;
        }
        Check(actions);
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>As <see cref="SubmitAsync"/>, answering each action's new ETag (default for a delete).</summary>
    public static async Task<IReadOnlyList<Azure.ETag>> SubmitForETagsAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        Check(actions);
        var responses = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
        return responses.Select(r => r.Headers.ETag ?? default).ToList();
    }

    private static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count > MaxActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }
        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => a.Entity.PartitionKey != partition))
        {
            throw new ArgumentException("A transaction works on one partition.", nameof(actions));
        }
    }
}
