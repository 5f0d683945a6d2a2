using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Conference.Storage;

/// <summary>The Azure Table service over Azure.Core's pipeline, speaking OData JSON with minimal metadata.</summary>
public sealed partial class TableClient : ITableStore
{
    private const string Accept = "application/json;odata=minimalmetadata";
    public const int MaxTransactionActions = 100;

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    public TableClient(StorageAccount account, StorageClientOptions? options = null)
    {
        _endpoint = account.TableEndpoint;
        _pipeline = StoragePipeline.Build(account, SharedKeyPolicy.Service.Table, options);
    }

    public async Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Post, "Tables");
        SetJson(message.Request, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = table }));
        var response = await _pipeline.SendAsync(message, cancellationToken, []);
        if (response.Status is not (201 or 204 or 409))
        {
            throw StoragePipeline.Failure(response);
        }
    }

    public async Task<ETag> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Post, table);
        SetJson(message.Request, Serialize(entity));
        message.Request.Headers.Add("Prefer", "return-no-content");
        return ETagOf(await _pipeline.SendAsync(message, cancellationToken, [201, 204]));
    }

    public async Task<ETag> UpsertAsync(string table, TableEntity entity, bool merge = false, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(merge ? RequestMethod.Patch : RequestMethod.Put, EntityPath(table, entity.PartitionKey, entity.RowKey));
        SetJson(message.Request, Serialize(entity));
        return ETagOf(await _pipeline.SendAsync(message, cancellationToken, [204]));
    }

    public async Task<ETag> UpdateAsync(string table, TableEntity entity, ETag ifMatch, bool merge = false, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(merge ? RequestMethod.Patch : RequestMethod.Put, EntityPath(table, entity.PartitionKey, entity.RowKey));
        SetJson(message.Request, Serialize(entity));
        message.Request.Headers.Add("If-Match", ifMatch.ToString());
        return ETagOf(await _pipeline.SendAsync(message, cancellationToken, [204]));
    }

    public async Task DeleteAsync(string table, string partitionKey, string rowKey, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, EntityPath(table, partitionKey, rowKey));
        message.Request.Headers.Add("If-Match", (ifMatch ?? ETag.All).ToString());
        await _pipeline.SendAsync(message, cancellationToken, [204]);
    }

    public async Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Get, EntityPath(table, partitionKey, rowKey));
        var response = await _pipeline.SendAsync(message, cancellationToken, []);
        if (response.Status == 404)
        {
            return null;
        }
        if (response.Status != 200)
        {
            throw StoragePipeline.Failure(response);
        }
        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var entity = Deserialize(document.RootElement);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }
        return entity;
    }

    public async Task<TablePage> QueryPageAsync(string table, string? filter, int? top = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(filter))
        {
            query.Add("$filter=" + Uri.EscapeDataString(filter));
        }
        if (top is { } n)
        {
            query.Add("$top=" + n.ToString(CultureInfo.InvariantCulture));
        }
        if (continuationToken is { Length: > 0 })
        {
            var parts = continuationToken.Split(' ', 2);
            query.Add("NextPartitionKey=" + Uri.EscapeDataString(parts[0]));
            if (parts.Length > 1 && parts[1].Length > 0)
            {
                query.Add("NextRowKey=" + Uri.EscapeDataString(parts[1]));
            }
        }
        using var message = NewMessage(RequestMethod.Get, table + "()" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        var response = await _pipeline.SendAsync(message, cancellationToken, [200]);
        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var items = document.RootElement.GetProperty("value").EnumerateArray().Select(Deserialize).ToList();
        string? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow);
            next = nextPartition + " " + nextRow;
        }
        return new TablePage(items, next);
    }

    public async IAsyncEnumerable<TableEntity> QueryAsync(string table, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await QueryPageAsync(table, filter, null, continuation, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(string table, IReadOnlyList<TableAction> actions, CancellationToken cancellationToken = default)
    {
        if (actions.Count == 0)
        {
            return [];
        }
        if (actions.Count > MaxTransactionActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxTransactionActions} actions.", nameof(actions));
        }
        // Azurite accepts a batch across partitions but Azure does not: refuse it here.
        if (actions.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new ArgumentException("A transaction works on one partition.", nameof(actions));
        }
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder()
            .Append("--").Append(batch).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");
        var index = 0;
        foreach (var action in actions)
        {
            AppendAction(body, changeset, table, action, index++);
        }
        body.Append("--").Append(changeset).Append("--\r\n").Append("--").Append(batch).Append("--\r\n");

        using var message = NewMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + batch);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToString()));
        var response = await _pipeline.SendAsync(message, cancellationToken, [202]);
        return ParseTransactionResponse(response, actions.Count);
    }

    private void AppendAction(StringBuilder body, string changeset, string table, TableAction action, int index)
    {
        var entity = action.Entity;
        var (method, path) = action.Kind switch
        {
            TableActionKind.Insert => ("POST", table),
            TableActionKind.UpsertReplace or TableActionKind.UpdateReplace => ("PUT", EntityPath(table, entity.PartitionKey, entity.RowKey)),
            TableActionKind.UpsertMerge or TableActionKind.UpdateMerge => ("MERGE", EntityPath(table, entity.PartitionKey, entity.RowKey)),
            _ => ("DELETE", EntityPath(table, entity.PartitionKey, entity.RowKey)),
        };
        body.Append("--").Append(changeset).Append("\r\n")
            .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
            .Append("Content-ID: ").Append(index).Append("\r\n\r\n")
            .Append(method).Append(' ').Append(StoragePipeline.UrlOf(_endpoint, path).AbsoluteUri).Append(" HTTP/1.1\r\n")
            .Append("Accept: ").Append(Accept).Append("\r\n")
            .Append("DataServiceVersion: 3.0\r\n");
        if (action.IfMatch is { } etag)
        {
            body.Append("If-Match: ").Append(etag.ToString()).Append("\r\n");
        }
        if (action.Kind == TableActionKind.Delete)
        {
            body.Append("\r\n");
            return;
        }
        if (action.Kind == TableActionKind.Insert)
        {
            body.Append("Prefer: return-no-content\r\n");
        }
        body.Append("Content-Type: application/json\r\n\r\n")
            .Append(Encoding.UTF8.GetString(Serialize(entity))).Append("\r\n");
    }

    private static IReadOnlyList<ETag> ParseTransactionResponse(Response response, int count)
    {
        var text = response.Content.ToString();
        var statuses = StatusLine().Matches(text);
        var etags = new List<ETag>(count);
        foreach (Match status in statuses)
        {
            var code = int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture);
            var headerEnd = text.IndexOf("\r\n\r\n", status.Index, StringComparison.Ordinal);
            var headers = headerEnd < 0 ? text[status.Index..] : text[status.Index..headerEnd];
            if (code >= 400)
            {
                var errorCode = ErrorCode().Match(text, status.Index) is { Success: true } m ? m.Groups[1].Value : null;
                throw new RequestFailedException(code, $"A transaction failed with {code} {errorCode}: nothing was applied.", errorCode, null);
            }
            var etag = ETagHeader().Match(headers);
            etags.Add(etag.Success ? new ETag(etag.Groups[1].Value.Trim()) : default);
        }
        if (etags.Count != count)
        {
            throw new RequestFailedException(response.Status, $"A transaction answered {etags.Count} results for {count} actions.");
        }
        return etags;
    }

    private HttpMessage NewMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage(method, _endpoint, path);
        message.Request.Headers.Add("Accept", Accept);
        message.Request.Headers.Add("DataServiceVersion", "3.0");
        return message;
    }

    private static void SetJson(Request request, byte[] json)
    {
        request.Headers.SetValue("Content-Type", "application/json");
        request.Content = RequestContent.Create(json);
    }
    private static ETag ETagOf(Response response) => response.Headers.ETag ?? default;

    private static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{Uri.EscapeDataString(partitionKey.Replace("'", "''"))}',RowKey='{Uri.EscapeDataString(rowKey.Replace("'", "''"))}')";

    internal static byte[] Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                switch (value)
                {
                    case null:
                        break;
                    case string s:
                        writer.WriteString(name, s);
                        break;
                    case bool b:
                        writer.WriteBoolean(name, b);
                        break;
                    case int i:
                        writer.WriteNumber(name, i);
                        break;
                    case long l:
                        writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                        writer.WriteString(name + "@odata.type", "Edm.Int64");
                        break;
                    case double d:
                        writer.WriteNumber(name, d);
                        break;
                    case DateTime dt:
                        writer.WriteString(name, dt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                        writer.WriteString(name + "@odata.type", "Edm.DateTime");
                        break;
                    case byte[] bytes:
                        writer.WriteBase64String(name, bytes);
                        writer.WriteString(name + "@odata.type", "Edm.Binary");
                        break;
                    default:
                        throw new ArgumentException($"Property '{name}' has a type tables cannot hold: {value.GetType()}.");
                }
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static TableEntity Deserialize(JsonElement json)
    {
        var entity = new TableEntity(json.GetProperty("PartitionKey").GetString()!, json.GetProperty("RowKey").GetString()!);
        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.Contains('@') || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                if (name == "odata.etag")
                {
                    entity.ETag = new ETag(property.Value.GetString()!);
                }
                continue;
            }
            if (name == "Timestamp")
            {
                entity.Timestamp = property.Value.GetDateTimeOffset();
                continue;
            }
            var type = json.TryGetProperty(name + "@odata.type", out var t) ? t.GetString() : null;
            entity.Properties[name] = (property.Value.ValueKind, type) switch
            {
                (JsonValueKind.String, "Edm.Int64") => long.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture),
                (JsonValueKind.String, "Edm.DateTime") => property.Value.GetDateTimeOffset().UtcDateTime,
                (JsonValueKind.String, "Edm.Binary") => property.Value.GetBytesFromBase64(),
                (JsonValueKind.String, _) => property.Value.GetString(),
                (JsonValueKind.True or JsonValueKind.False, _) => property.Value.GetBoolean(),
                (JsonValueKind.Number, "Edm.Double") => property.Value.GetDouble(),
                (JsonValueKind.Number, _) when property.Value.TryGetInt32(out var i) => i,
                (JsonValueKind.Number, _) => property.Value.GetDouble(),
                _ => null,
            };
        }
        return entity;
    }

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"(?im)^ETag:\s*(.+)$")]
    private static partial Regex ETagHeader();

    [GeneratedRegex("\"code\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex ErrorCode();
}
