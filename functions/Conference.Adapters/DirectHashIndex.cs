using Azure;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>The SIP address book: which conference a direct hash leads to. An old hash is removed at once.</summary>
public sealed class DirectHashIndex(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.DirectHashes);

    public async Task MoveAsync(Guid conferenceId, Guid customerId, string? oldHash, string newHash, CancellationToken cancellationToken = default)
    {
        if (newHash.Length > 0)
        {
            await _table.UpsertEntityAsync(new TableEntity(newHash, "")
            {
                ["ConferenceId"] = conferenceId.ToString(),
                ["CustomerId"] = customerId.ToString(),
            }, TableUpdateMode.Replace, cancellationToken);
        }
        if (oldHash is { Length: > 0 } && oldHash != newHash)
        {
            var row = await _table.FindAsync(oldHash, "", cancellationToken);
            if (row?.GetString("ConferenceId") == conferenceId.ToString())
            {
                try
                {
                    await _table.DeleteEntityAsync(oldHash, "", row.ETag, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // Taken over meanwhile (a row already gone is no error): either way it no longer leads here.
                }
            }
        }
    }

    /// <summary>The conference a hash leads to, or null.</summary>
    public async Task<Guid?> FindAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (!Core.Conferences.DirectHash.IsWellFormed(hash))
        {
            return null;
        }
        var row = await _table.FindAsync(hash, "", cancellationToken);
        return row is null ? null : Guid.Parse(row.GetString("ConferenceId")!);
    }
}
