using Azure;

namespace Conference.Storage;

public static class TableStoreExtensions
{
    /// <summary>Deletes a row whatever its ETag; a row already gone is what was wanted, so it is not an error.</summary>
    public static async Task DeleteIfExistsAsync(this ITableStore tables, string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await tables.DeleteAsync(table, partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
