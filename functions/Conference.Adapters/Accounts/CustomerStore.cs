using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Conference.Core.Accounts;
using Conference.Core.Entities;
using Conference.Storage;

namespace Conference.Adapters.Accounts;

/// <summary>
/// Customers: each owns its conferences, calls, recordings and keys, and says where its events
/// are delivered. A customer is a row of the <c>customers</c> table; the webhook dispatcher reads
/// it through a short cache, so a changed webhook takes effect within <see cref="CacheFor"/>.
/// </summary>
public sealed class CustomerStore(TableServiceClient tables, TimeProvider? time = null)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Customers);
    private const string Partition = "customer";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (CustomerView? Customer, DateTimeOffset CachedUntil)> _cache = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Creates the customer unless it exists; an existing one is left as it is.</summary>
    public async Task<CustomerView> EnsureAsync(Guid id, string name, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is { } existing)
        {
            return existing;
        }
        var now = Now();
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition, id.ToString())
            {
                ["Name"] = name,
                ["WebhookUri"] = "",
                ["WebhookMethod"] = "POST",
                ["WebhookSecret"] = WebhookSignature.NewSecret(),
                ["TmCreate"] = now,
                ["TmUpdate"] = now,
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
        _cache.TryRemove(id, out _);
        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task<CustomerView?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(Partition, id.ToString(), cancellationToken);
        return row is null ? null : ViewOf(row);
    }

    /// <summary>The customer as a delivery sees it, read at most every <see cref="CacheFor"/>.</summary>
    public async Task<CustomerView?> GetCachedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(id, out var entry) && entry.CachedUntil > now)
        {
            return entry.Customer;
        }
        var customer = await GetAsync(id, cancellationToken);
        _cache[id] = (customer, now + CacheFor);
        return customer;
    }

    public async Task<CustomerView?> UpdateWebhookAsync(Guid id, string uri, string method, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(Partition, id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        row["WebhookUri"] = uri;
        row["WebhookMethod"] = method;
        row["TmUpdate"] = Now();
        await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        _cache.TryRemove(id, out _);
        return ViewOf(row);
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    private static CustomerView ViewOf(TableEntity row) => new(Guid.Parse(row.RowKey), row.GetString("Name") ?? "",
        row.GetString("WebhookUri") ?? "", row.GetString("WebhookMethod") ?? "POST", row.GetString("WebhookSecret") ?? "",
        row.GetDateTime("TmCreate")!.Value.ToSeedFormat(), row.GetDateTime("TmUpdate")!.Value.ToSeedFormat());
}
