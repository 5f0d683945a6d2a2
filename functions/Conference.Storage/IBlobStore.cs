namespace Conference.Storage;

/// <summary>The blob operations the project uses: whole blobs, and block blobs built a block at a time (recordings).</summary>
public interface IBlobStore
{
    Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);
    Task PutAsync(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The blob, or null when there is none.</summary>
    Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>The blob as a stream read from the service as it is consumed (recordings can be large), or null when there is none.</summary>
    Task<BlobStream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; false when there was none.</summary>
    Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Uploads one uncommitted block. Every block id of a blob must be the same length (<see cref="BlockId"/>).</summary>
    Task StageBlockAsync(string container, string name, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Makes the blob the given blocks, in order; the list may reuse committed blocks and replace any of them.</summary>
    Task CommitBlockListAsync(string container, string name, IReadOnlyList<string> blockIds, string contentType, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BlobItem>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default);
}

public sealed record BlobContent(byte[] Content, string ContentType);

/// <summary>An open blob: dispose the stream when done.</summary>
public sealed record BlobStream(Stream Content, long Length, string ContentType);

public sealed record BlobItem(string Name, long Length, string ContentType);

/// <summary>Block ids as the service wants them: base64, all of one length within a blob.</summary>
public static class BlockId
{
    public static string For(long sequence) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(sequence.ToString("D12", System.Globalization.CultureInfo.InvariantCulture)));
}
