using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Storage;

namespace Conference.Runtime;

/// <summary>
/// How entities lie in Azure Table storage: one partition per entity (<see cref="EntityPartitions"/>)
/// holding its state row and its outbox rows, so a new state and the effects it causes are stored
/// by one transaction.
/// <list type="bullet">
/// <item><c>state</c>: the state JSON, the ids of recently handled messages (for de-duplication) and the outbox counter.</item>
/// <item><c>o:&lt;seq&gt;</c>: the immediate effects of one commit, in order.</item>
/// <item><c>t:&lt;seq&gt;</c>: one scheduled signal (a timer), kept until its target has handled it.</item>
/// <item>rows of <see cref="IColocatedEffects"/> (a conference's events), written by the commit that makes them.</item>
/// </list>
/// </summary>
public sealed class EntityStore(TableServiceClient service, string table = EntityStore.DefaultTable)
{
    public const string DefaultTable = EntityPartitions.Table;
    private const string StateRow = "state";
    private readonly TableClient _table = service.GetTableClient(table);

    public Task EnsureAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    public static string PartitionOf(EntityId id) => EntityPartitions.Of(id.Name, id.Key);

    public static EntityId IdOf(string partition)
    {
        var at = partition.IndexOf('@');
        return new EntityId(partition[..at], partition[(at + 1)..]);
    }

    public async Task<StoredEntity> LoadAsync(EntityId id, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(id), StateRow, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return StoredEntity.New;
        }
        var row = found.Value!;
        var recent = row.GetString("Recent") is { Length: > 0 } text
            ? text.Split(',').Select(Guid.Parse).ToList()
            : [];
        return new StoredEntity(LongText.Read(row, "S"), row.ETag, recent, row.GetInt64("OutboxSeq") ?? 0);
    }

    /// <summary>
    /// Stores the new state with its outbox rows and <paramref name="colocated"/> rows, and removes
    /// <paramref name="deliveredRows"/>, all or nothing; a concurrent writer makes it fail with 412
    /// (or 409 for a first write). At most <see cref="EntityGroupTransaction.MaxActions"/> rows in all.
    /// </summary>
    public async Task<ETag> CommitAsync(EntityId id, StoredEntity before, StoredEntity after, OutboxRow? immediate, IReadOnlyList<OutboxRow> timers,
        IReadOnlyList<TableEntity> colocated, IReadOnlyCollection<string> deliveredRows, CancellationToken cancellationToken = default)
    {
        var partition = PartitionOf(id);
        var state = new TableEntity(partition, StateRow)
        {
            ["Name"] = id.Name,
            ["Key"] = id.Key,
            ["Recent"] = string.Join(',', after.RecentMessageIds.TakeLast(RecentMessages.Capacity)),
            ["OutboxSeq"] = after.OutboxSeq,
            ["Exists"] = after.StateJson is not null,
        };
        LongText.Write(state, "S", after.StateJson);
        var actions = new List<TableTransactionAction>
        {
            before.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, state),
        };
        if (immediate is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToRow(partition, immediate)));
        }
        actions.AddRange(timers.Select(t => new TableTransactionAction(TableTransactionActionType.Add, ToRow(partition, t))));
        actions.AddRange(colocated.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        actions.AddRange(deliveredRows.Select(row => Delete(partition, row)));
        var etags = await EntityGroupTransaction.SubmitForETagsAsync(_table, actions, cancellationToken);
        return etags[0];
    }

    /// <summary>Rows of an entity's partition written outside a commit (colocated rows that did not fit in one), a transaction per hundred; a repeat overwrites.</summary>
    public async Task UpsertAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in rows.Chunk(EntityGroupTransaction.MaxActions))
        {
            await EntityGroupTransaction.SubmitAsync(_table, chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)).ToList(), cancellationToken);
        }
    }

    /// <summary>Removes delivered outbox rows of one entity, a transaction per hundred.</summary>
    public async Task DeleteOutboxAsync(EntityId source, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken = default)
    {
        var partition = PartitionOf(source);
        foreach (var chunk in rowKeys.Chunk(EntityGroupTransaction.MaxActions))
        {
            try
            {
                await EntityGroupTransaction.SubmitAsync(_table, chunk.Select(row => Delete(partition, row)).ToList(), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // One was already gone (delivered twice, which receivers tolerate): remove the rest one by one (a row already gone is no error).
                foreach (var row in chunk)
                {
                    await _table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
                }
            }
        }
    }

    /// <summary>Every outbox and timer row left undelivered, in each entity's order.</summary>
    public async IAsyncEnumerable<(EntityId Source, OutboxRow Row)> ScanOutboxAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const string filter = "(RowKey ge 'o:' and RowKey lt 'o;') or (RowKey ge 't:' and RowKey lt 't;')";
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var effects = JsonSerializer.Deserialize<List<Effect>>(LongText.Read(row, "E")!, CoreJson.Options)!;
            yield return (IdOf(row.PartitionKey), new OutboxRow(row.RowKey, effects));
        }
    }

    public static string ImmediateKey(long seq) => "o:" + seq.ToString("D19", CultureInfo.InvariantCulture);

    public static string TimerKey(long seq) => "t:" + seq.ToString("D19", CultureInfo.InvariantCulture);

    private static TableTransactionAction Delete(string partition, string row) =>
        new(TableTransactionActionType.Delete, new TableEntity(partition, row), ETag.All);

    private static TableEntity ToRow(string partition, OutboxRow row)
    {
        var entity = new TableEntity(partition, row.RowKey);
        LongText.Write(entity, "E", JsonSerializer.Serialize(row.Effects, CoreJson.Options));
        return entity;
    }
}

/// <summary>What is stored of an entity: its state (null before creation or after deletion), the ETag that guards it, recent message ids and the outbox counter.</summary>
public sealed record StoredEntity(string? StateJson, ETag? ETag, IReadOnlyList<Guid> RecentMessageIds, long OutboxSeq)
{
    public static StoredEntity New { get; } = new(null, null, [], 0);
}

/// <summary>One outbox row: effects to deliver, in order.</summary>
public sealed record OutboxRow(string RowKey, IReadOnlyList<Effect> Effects)
{
    public bool IsTimer => RowKey.StartsWith("t:", StringComparison.Ordinal);
}
