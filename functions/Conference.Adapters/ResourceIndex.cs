using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Conference.Core.Entities;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>
/// The list index of one kind of resource: a row per resource in its customer's partition,
/// keyed newest first by <c>tm_create</c> and then by id, so paging returns every item exactly
/// once even when items share a timestamp or are created meanwhile. Rows hold the last
/// projected view and the columns lists filter on.
/// </summary>
public sealed class ResourceIndex(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Resources);

    public static readonly string[] FilterColumns = ["status", "type", "name", "conference_id", "direction", "reference_id", "transcribe_id", "conferencecall_id"];

    /// <summary>
    /// Writes a resource's row. With <paramref name="madeAt"/> (when the view was made), a row written from a
    /// later view is kept: two deliveries of one resource's views that overlap cannot leave the older one
    /// listed. That costs a read before the write; without it the row is replaced outright.
    /// </summary>
    public async Task UpsertAsync(string resource, Guid customerId, Guid resourceId, JsonElement view, CancellationToken cancellationToken = default,
        DateTimeOffset? madeAt = null)
    {
        if (!Timestamps.TryParse(view.GetProperty("tm_create").GetString() ?? "", out var created))
        {
            throw new ArgumentException("A projected view needs a tm_create.", nameof(view));
        }
        var row = new TableEntity(PartitionOf(resource, customerId), RowKeyOf(created, resourceId))
        {
            ["Deleted"] = view.TryGetProperty("tm_delete", out var deleted) && deleted.GetString() != Timestamps.Never
                          && resource is Core.Conferences.Resources.Conference or Core.Conferences.Resources.Recording or Core.Conferences.Resources.Transcribe,
        };
        foreach (var column in FilterColumns)
        {
            if (view.TryGetProperty(column, out var value))
            {
                row[Column(column)] = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            }
        }
        LongText.Write(row, "View", view.GetRawText());
        if (madeAt is not { } at)
        {
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return;
        }
        row[MadeAt] = at.UtcTicks;
        while (true)
        {
            var stored = await _table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, [MadeAt], cancellationToken);
            try
            {
                if (!stored.HasValue)
                {
                    await _table.AddEntityAsync(row, cancellationToken);
                }
                else if (stored.Value!.GetInt64(MadeAt) is not { } storedAt || storedAt < at.UtcTicks)
                {
                    await _table.UpdateEntityAsync(row, stored.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return;
            }
            catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Written meanwhile: read it again.
            }
        }
    }

    private const string MadeAt = "MadeAt";

    /// <summary>Takes a resource off its list (for resources that are removed outright, such as access keys).</summary>
    public Task DeleteAsync(string resource, Guid customerId, DateTime created, Guid resourceId, CancellationToken cancellationToken = default) =>
        _table.DeleteEntityAsync(PartitionOf(resource, customerId), RowKeyOf(created, resourceId), cancellationToken: cancellationToken);

    /// <summary>
    /// Takes every resource that matches <paramref name="filters"/> off its list (the transcripts of a
    /// deleted transcribe), reading only the rows' keys.
    /// </summary>
    public async Task DeleteWhereAsync(string resource, Guid customerId, IReadOnlyDictionary<string, string> filters, CancellationToken cancellationToken = default)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(FilterOf(resource, customerId, filters), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
        }
    }

    /// <summary>One page, newest first, after <paramref name="cursor"/>; filters are exact matches on <see cref="FilterColumns"/>.</summary>
    public async Task<ResourcePage> ListAsync(string resource, Guid customerId, IReadOnlyDictionary<string, string> filters, PageCursor? cursor, int pageSize,
        bool excludeDeleted, CancellationToken cancellationToken = default)
    {
        var filter = FilterOf(resource, customerId, filters);
        if (cursor is not null)
        {
            filter += $" and RowKey gt {Tables.Quote(cursor.After)}";
        }
        if (excludeDeleted)
        {
            filter += " and Deleted eq false";
        }
        // One row more than the page tells whether another page exists.
        var rows = new List<TableEntity>();
        string? continuation = null;
        do
        {
            var page = await _table.QueryPageAsync(filter, pageSize + 1 - rows.Count, continuation, cancellationToken);
            rows.AddRange(page.Rows);
            continuation = page.Continuation;
        }
        while (rows.Count <= pageSize && continuation is not null);

        var more = rows.Count > pageSize;
        var items = rows.Take(pageSize).Select(row => JsonDocument.Parse(LongText.Read(row, "View")!).RootElement.Clone()).ToList();
        return new ResourcePage(items, more ? PageCursor.From(rows[pageSize - 1].RowKey).Token : "");
    }

    /// <summary>
    /// The first <paramref name="limit"/> items of a customer's list, newest first, read a storage page
    /// at a time: for the facades whose paging counts every item (Restcomm's <c>total</c>, <c>num_pages</c>).
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> FirstAsync(string resource, Guid customerId, IReadOnlyDictionary<string, string> filters, int limit,
        CancellationToken cancellationToken = default)
    {
        var items = new List<JsonElement>();
        PageCursor? cursor = null;
        do
        {
            var page = await ListAsync(resource, customerId, filters, cursor, Math.Min(1000, limit - items.Count), excludeDeleted: false, cancellationToken);
            items.AddRange(page.Items);
            cursor = page.NextPageToken.Length > 0 && PageCursor.TryParse(page.NextPageToken, out var next) ? next : null;
        }
        while (cursor is not null && items.Count < limit);
        return items;
    }

    /// <summary>
    /// Every resource of a kind, across customers, whose status is one of <paramref name="statuses"/>: a
    /// scan, for reconciliation after a restart, not for requests.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> ScanAsync(string resource, IReadOnlyCollection<string> statuses,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = $"PartitionKey ge {Tables.Quote(resource + "|")} and PartitionKey lt {Tables.Quote(resource + "}")}"
                     + " and (" + string.Join(" or ", statuses.Select(s => $"Status eq {Tables.Quote(s)}")) + ")";
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return JsonDocument.Parse(LongText.Read(row, "View")!).RootElement.Clone();
        }
    }

    private static string FilterOf(string resource, Guid customerId, IReadOnlyDictionary<string, string> filters) =>
        $"PartitionKey eq {Tables.Quote(PartitionOf(resource, customerId))}"
        + string.Concat(filters.Select(f => $" and {Column(f.Key)} eq {Tables.Quote(f.Value)}"));

    // '}' follows '|', so every partition of a resource lies between "resource|" and "resource}".
    private static string PartitionOf(string resource, Guid customerId) => $"{resource}|{customerId}";

    internal static string RowKeyOf(DateTime created, Guid id) =>
        (DateTime.MaxValue.Ticks - created.Ticks).ToString("D19", CultureInfo.InvariantCulture) + "|" + id;

    private static string Column(string name) => string.Concat(name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

public sealed record ResourcePage(IReadOnlyList<JsonElement> Items, string NextPageToken);

/// <summary>
/// Where a page starts. The token given out is the last item's <c>tm_create</c> then <c>|</c> and
/// its id; a bare <c>tm_create</c> (as VoIPBIN gives) is taken too and means "older than that".
/// </summary>
public sealed record PageCursor(string After)
{
    public string Token
    {
        get
        {
            var parts = After.Split('|');
            var created = new DateTime(DateTime.MaxValue.Ticks - long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc);
            return created.ToSeedFormat() + "|" + parts[1];
        }
    }

    public static PageCursor From(string rowKey) => new(rowKey);

    public static bool TryParse(string token, out PageCursor? cursor)
    {
        cursor = null;
        var parts = token.Split('|');
        if (parts.Length > 2 || !Timestamps.TryParse(parts[0], out var created))
        {
            return false;
        }
        if (parts.Length == 1)
        {
            // Strictly older than that moment: after every id of that timestamp ('|' sorts below hex digits' successor '~').
            cursor = new PageCursor((DateTime.MaxValue.Ticks - created.Ticks).ToString("D19", CultureInfo.InvariantCulture) + "|~");
            return true;
        }
        if (!Guid.TryParse(parts[1], out var id))
        {
            return false;
        }
        cursor = new PageCursor(ResourceIndex.RowKeyOf(created, id));
        return true;
    }
}
