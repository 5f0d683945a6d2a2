using Azure;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>The SIP address book: which conference a direct hash leads to. An old hash is removed at once.</summary>
public sealed class DirectHashIndex(ITableStore tables)
{
    public async Task MoveAsync(Guid conferenceId, Guid customerId, string? oldHash, string newHash, CancellationToken cancellationToken = default)
    {
        if (newHash.Length > 0)
        {
            await tables.UpsertAsync(Tables.DirectHashes, new TableEntity(newHash, "")
            {
                ["ConferenceId"] = conferenceId.ToString(),
                ["CustomerId"] = customerId.ToString(),
            }, cancellationToken: cancellationToken);
        }
        if (oldHash is { Length: > 0 } && oldHash != newHash)
        {
            var row = await tables.GetAsync(Tables.DirectHashes, oldHash, "", cancellationToken);
            if (row?.GetString("ConferenceId") == conferenceId.ToString())
            {
                try
                {
                    await tables.DeleteAsync(Tables.DirectHashes, oldHash, "", row.ETag, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Gone or taken over meanwhile: either way it no longer leads here.
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
        var row = await tables.GetAsync(Tables.DirectHashes, hash, "", cancellationToken);
        return row is null ? null : Guid.Parse(row.GetString("ConferenceId")!);
    }
}
