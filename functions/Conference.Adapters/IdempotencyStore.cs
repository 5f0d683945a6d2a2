using Azure;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>
/// The first answer to each idempotency key of a customer, kept 24 h: a repeat of the same
/// request gets it again, the same key with a different request is told so.
/// </summary>
public sealed class IdempotencyStore(TableServiceClient tables, TimeProvider? time = null)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Idempotency);
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<StoredResponse?> FindAsync(Guid customerId, string key, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(customerId.ToString(), RowKeyOf(key), cancellationToken);
        if (row is null || row.GetDateTime("Created") is not { } created || _time.GetUtcNow().UtcDateTime - created > Window)
        {
            return null;
        }
        return new StoredResponse(row.GetString("RequestHash")!, row.GetInt32("Status")!.Value, LongText.Read(row, "Body") ?? "");
    }

    public async Task SaveAsync(Guid customerId, string key, StoredResponse response, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(customerId.ToString(), RowKeyOf(key))
        {
            ["RequestHash"] = response.RequestHash,
            ["Status"] = response.Status,
            ["Created"] = _time.GetUtcNow().UtcDateTime,
        };
        LongText.Write(row, "Body", response.Body);
        try
        {
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A concurrent repeat stored its answer first; both answers describe the same change.
        }
    }

    private static string RowKeyOf(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}

public sealed record StoredResponse(string RequestHash, int Status, string Body);
