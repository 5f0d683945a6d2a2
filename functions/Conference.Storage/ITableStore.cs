using Azure;

namespace Conference.Storage;

/// <summary>The table operations the project uses. Failures are <see cref="RequestFailedException"/> with the service's status (409 exists, 404 missing, 412 stale ETag).</summary>
public interface ITableStore
{
    Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken = default);
    Task<ETag> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default);
    Task<ETag> UpsertAsync(string table, TableEntity entity, bool merge = false, CancellationToken cancellationToken = default);
    Task<ETag> UpdateAsync(string table, TableEntity entity, ETag ifMatch, bool merge = false, CancellationToken cancellationToken = default);
    Task DeleteAsync(string table, string partitionKey, string rowKey, ETag? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>The row, or null when there is none.</summary>
    Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    Task<TablePage> QueryPageAsync(string table, string? filter, int? top = null, string? continuationToken = null, CancellationToken cancellationToken = default);
    IAsyncEnumerable<TableEntity> QueryAsync(string table, string? filter, CancellationToken cancellationToken = default);

    /// <summary>Applies every action or none (one partition, at most 100 actions); returns each action's new ETag (default for a delete).</summary>
    Task<IReadOnlyList<ETag>> SubmitTransactionAsync(string table, IReadOnlyList<TableAction> actions, CancellationToken cancellationToken = default);
}
