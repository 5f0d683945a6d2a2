using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Conference.Storage;

/// <summary>The Azure Blob service over Azure.Core's pipeline: block blobs only.</summary>
public sealed class BlobClient : IBlobStore
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    public BlobClient(StorageAccount account, StorageClientOptions? options = null)
    {
        _endpoint = account.BlobEndpoint;
        _pipeline = StoragePipeline.Build(account, SharedKeyPolicy.Service.Blob, options);
    }

    public async Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Put, container, "restype=container");
        var response = await _pipeline.SendAsync(message, cancellationToken, []);
        if (response.Status is not (201 or 409))
        {
            throw StoragePipeline.Failure(response);
        }
    }

    public async Task PutAsync(string container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Put, BlobPath(container, name));
        message.Request.Headers.Add("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.Add("x-ms-blob-content-type", contentType);
        SetContent(message.Request, content);
        await _pipeline.SendAsync(message, cancellationToken, [201]);
    }

    public async Task<BlobContent?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Get, BlobPath(container, name));
        var response = await _pipeline.SendAsync(message, cancellationToken, []);
        if (response.Status == 404)
        {
            return null;
        }
        if (response.Status != 200)
        {
            throw StoragePipeline.Failure(response);
        }
        return new BlobContent(response.Content.ToArray(), response.Headers.ContentType ?? "application/octet-stream");
    }

    public async Task<BlobStream?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Get, BlobPath(container, name));
        message.BufferResponse = false;
        var response = await _pipeline.SendAsync(message, cancellationToken, []);
        if (response.Status == 404)
        {
            return null;
        }
        if (response.Status != 200)
        {
            throw StoragePipeline.Failure(response);
        }
        var length = response.Headers.ContentLength ?? -1;
        var contentType = response.Headers.ContentType ?? "application/octet-stream";
        return new BlobStream(message.ExtractResponseContent() ?? Stream.Null, length, contentType);
    }

    public async Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, BlobPath(container, name));
        var response = await _pipeline.SendAsync(message, cancellationToken, []);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw StoragePipeline.Failure(response),
        };
    }

    public async Task StageBlockAsync(string container, string name, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Put, BlobPath(container, name), "comp=block&blockid=" + Uri.EscapeDataString(blockId));
        SetContent(message.Request, content);
        await _pipeline.SendAsync(message, cancellationToken, [201]);
    }

    public async Task CommitBlockListAsync(string container, string name, IReadOnlyList<string> blockIds, string contentType, CancellationToken cancellationToken = default)
    {
        // Azure requires one length for all block ids of a blob; Azurite does not check, so check here.
        if (blockIds.Select(id => id.Length).Distinct().Count() > 1)
        {
            throw new ArgumentException("Every block id of a blob must have the same length.", nameof(blockIds));
        }
        var xml = new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id)));
        using var message = NewMessage(RequestMethod.Put, BlobPath(container, name), "comp=blocklist");
        message.Request.Headers.Add("x-ms-blob-content-type", contentType);
        SetContent(message.Request, Encoding.UTF8.GetBytes(new XDeclaration("1.0", "utf-8", null) + xml.ToString(SaveOptions.DisableFormatting)));
        await _pipeline.SendAsync(message, cancellationToken, [201]);
    }

    public async Task<IReadOnlyList<BlobItem>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default)
    {
        var items = new List<BlobItem>();
        string? marker = null;
        do
        {
            var query = "restype=container&comp=list&prefix=" + Uri.EscapeDataString(prefix) + (marker is null ? "" : "&marker=" + Uri.EscapeDataString(marker));
            using var message = NewMessage(RequestMethod.Get, container, query);
            var response = await _pipeline.SendAsync(message, cancellationToken, [200]);
            var document = XDocument.Parse(response.Content.ToString());
            foreach (var blob in document.Descendants("Blob"))
            {
                var properties = blob.Element("Properties");
                items.Add(new BlobItem(
                    blob.Element("Name")!.Value,
                    long.Parse(properties?.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture),
                    properties?.Element("Content-Type")?.Value ?? ""));
            }
            marker = document.Root?.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));
        return items;
    }

    private HttpMessage NewMessage(RequestMethod method, string path, string? query = null) =>
        _pipeline.CreateMessage(method, _endpoint, path + (query is null ? "" : "?" + query));

    private static string BlobPath(string container, string name) =>
        container + "/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    private static void SetContent(Request request, ReadOnlyMemory<byte> content)
    {
        request.Content = RequestContent.Create(content);
        request.Headers.SetValue("Content-Length", content.Length.ToString(CultureInfo.InvariantCulture));
    }
}
