using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Conference.Storage;

/// <summary>
/// A block blob built a block at a time (recordings). Azure requires every block id of a blob to
/// have one length; Azurite does not check, so the commit checks here.
/// </summary>
public static class BlockList
{
    /// <summary>A block id for a sequence number: base64 of 12 digits, so every id of a blob is as long.</summary>
    public static string IdFor(long sequence) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(sequence.ToString("D12", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Makes the blob the given blocks, in order.</summary>
    public static Task CommitAsync(BlockBlobClient blob, IReadOnlyList<string> blockIds, string contentType, CancellationToken cancellationToken = default)
    {
        if (blockIds.Select(id => id.Length).Distinct().Count() > 1)
        {
            throw new ArgumentException("Every block id of a blob must have the same length.", nameof(blockIds));
        }
        return blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }
}
