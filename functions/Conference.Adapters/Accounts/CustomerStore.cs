using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Conference.Core.Accounts;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Storage;

namespace Conference.Adapters.Accounts;

/// <summary>
/// Customers: each owns its conferences, calls, recordings, users and keys, and says where its
/// events are delivered. A customer is a row of the <c>customers</c> table, listed for the platform
/// admin through the resource index. Requests and deliveries read it through a short cache, so a
/// change (a new webhook, a deletion) takes effect at once in this process and within
/// <see cref="CacheFor"/> in others.
/// </summary>
public sealed class CustomerStore(TableServiceClient tables, ResourceIndex index, TimeProvider? time = null)
{
    private const string Partition = "customer";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>The list index keeps every customer under one owner: the platform.</summary>
    public static readonly Guid Platform = Guid.Empty;

    private readonly TableClient _table = tables.GetTableClient(Tables.Customers);
    private readonly ConcurrentDictionary<Guid, (CustomerView? Customer, DateTimeOffset CachedUntil)> _cache = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Creates the customer unless it exists; an existing one is left as it is.</summary>
    public async Task<CustomerView> EnsureAsync(Guid id, string name, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is { } existing)
        {
            return existing;
        }
        try
        {
            return await InsertAsync(id, new CreateCustomer(name, "", "", "", "POST"), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await GetAsync(id, cancellationToken))!;
        }
    }

    public Task<CustomerView> CreateAsync(CreateCustomer request, CancellationToken cancellationToken = default) =>
        InsertAsync(Guid.NewGuid(), request, cancellationToken);

    /// <summary>The customer with its webhook secret (null when there is none), deleted ones too.</summary>
    public async Task<CustomerView?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(Partition, id.ToString(), cancellationToken);
        return row is null ? null : ViewOf(row);
    }

    /// <summary>The customer as a request or a delivery sees it, read at most every <see cref="CacheFor"/>.</summary>
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

    /// <summary>Changes what is given; a deleted customer cannot change (409).</summary>
    public async Task<CustomerView?> UpdateAsync(Guid id, UpdateCustomer request, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(Partition, id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        if (row.GetString("Status") == CustomerStatus.Deleted)
        {
            throw DomainException.Conflict("CUSTOMER_DELETED", $"Customer {id} is deleted.");
        }
        Set(row, "Name", request.Name is null ? null : AccountRules.Required(request.Name, "name"));
        Set(row, "Detail", request.Detail is null ? null : AccountRules.Text(request.Detail, "detail"));
        Set(row, "Email", request.Email is null ? null : AccountRules.Email(request.Email));
        Set(row, "WebhookUri", request.WebhookUri is null ? null : AccountRules.WebhookUri(request.WebhookUri));
        Set(row, "WebhookMethod", request.WebhookMethod is null ? null : AccountRules.WebhookMethod(request.WebhookMethod));
        Set(row, "WebhookFormat", request.WebhookFormat is null ? null : AccountRules.WebhookFormat(request.WebhookFormat));
        return await ReplaceAsync(row, cancellationToken);
    }

    /// <summary>Marks the customer deleted (a repeat returns it as it is): from now on its keys and tokens are refused.</summary>
    public async Task<CustomerView?> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(Partition, id.ToString(), cancellationToken);
        if (row is null || row.GetString("Status") == CustomerStatus.Deleted)
        {
            return row is null ? null : ViewOf(row);
        }
        row["Status"] = CustomerStatus.Deleted;
        row["TmDelete"] = Now();
        return await ReplaceAsync(row, cancellationToken);
    }

    private async Task<CustomerView> InsertAsync(Guid id, CreateCustomer request, CancellationToken cancellationToken)
    {
        var now = Now();
        var row = new TableEntity(Partition, id.ToString())
        {
            ["Name"] = AccountRules.Required(request.Name, "name"),
            ["Detail"] = AccountRules.Text(request.Detail, "detail"),
            ["Email"] = AccountRules.Email(request.Email),
            ["WebhookUri"] = AccountRules.WebhookUri(request.WebhookUri),
            ["WebhookMethod"] = AccountRules.WebhookMethod(request.WebhookMethod),
            ["WebhookFormat"] = AccountRules.WebhookFormat(request.WebhookFormat),
            ["WebhookSecret"] = WebhookSignature.NewSecret(),
            ["Status"] = CustomerStatus.Active,
            ["TmCreate"] = now,
            ["TmUpdate"] = now,
        };
        await _table.AddEntityAsync(row, cancellationToken);
        return await IndexedAsync(row, cancellationToken);
    }

    private async Task<CustomerView> ReplaceAsync(TableEntity row, CancellationToken cancellationToken)
    {
        row["TmUpdate"] = Now();
        await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        return await IndexedAsync(row, cancellationToken);
    }

    /// <summary>The platform admin's list shows the change; this process's cache forgets the old one.</summary>
    private async Task<CustomerView> IndexedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var view = ViewOf(row);
        _cache.TryRemove(view.Id, out _);
        await index.UpsertAsync(Resources.Customer, Platform, view.Id, JsonSerializer.SerializeToElement(view with { WebhookSecret = null }, CoreJson.Options), cancellationToken);
        return view;
    }

    private static void Set(TableEntity row, string name, string? value)
    {
        if (value is not null)
        {
            row[name] = value;
        }
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    private static CustomerView ViewOf(TableEntity row) => new(Guid.Parse(row.RowKey), row.GetString("Name") ?? "", row.GetString("Detail") ?? "",
        row.GetString("Email") ?? "", row.GetString("WebhookUri") ?? "", row.GetString("WebhookMethod") ?? "POST",
        row.GetString("WebhookFormat") ?? WebhookFormatNames.Voipbin, row.GetString("Status") ?? CustomerStatus.Active,
        row.GetDateTime("TmCreate")!.Value.ToSeedFormat(), row.GetDateTime("TmUpdate")!.Value.ToSeedFormat(), row.GetDateTime("TmDelete")?.ToSeedFormat() ?? Timestamps.Never,
        row.GetString("WebhookSecret") ?? "");
}
