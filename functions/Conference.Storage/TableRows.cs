using Azure.Data.Tables;

namespace Conference.Storage;

public static class TableRows
{
    /// <summary>The row, or null when there is none (one read, no exception for a missing row).</summary>
    public static async Task<TableEntity?> FindAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>One page of a query: at most <paramref name="top"/> rows from <paramref name="continuation"/> on, and where the next page starts (null after the last).</summary>
    public static async Task<(IReadOnlyList<TableEntity> Rows, string? Continuation)> QueryPageAsync(this TableClient table, string filter, int top,
        string? continuation = null, CancellationToken cancellationToken = default)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(filter, top, cancellationToken: cancellationToken).AsPages(continuation, top))
        {
            return (page.Values, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }
        return ([], null);
    }
}
