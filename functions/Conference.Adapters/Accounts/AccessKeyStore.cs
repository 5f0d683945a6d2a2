using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conference.Core.Accounts;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Azure.Data.Tables;
using Conference.Storage;

namespace Conference.Adapters.Accounts;

/// <summary>
/// Access keys: long-lived tokens that admit their customer, with the permission they were given,
/// until they expire or are deleted. (A key stored before keys had permissions is a customer admin's.)
/// Only a SHA-256 of the token is stored, so the table never holds a usable secret. Each key has
/// two rows: the key itself in its customer's partition (what the API shows) and a lookup row
/// keyed by the hash (what a request is checked against). A new key's lookup row is written
/// last and a deleted key's first, so a key works only while it is fully stored.
/// </summary>
public sealed class AccessKeyStore(TableServiceClient tables, ResourceIndex index, TimeProvider? time = null)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.AccessKeys);
    private const string LookupPartition = "key";

    /// <summary>How long a process trusts a looked-up key before reading it again (another process's delete takes this long to reach it).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (Principal Principal, DateTimeOffset Expires, DateTimeOffset CachedUntil)> _cache = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>A new key with a new random token; the answer is the only place the token is ever shown.</summary>
    public async Task<AccessKeyView> CreateAsync(Guid customerId, string name, string detail, TimeSpan lifetime, string permission, CancellationToken cancellationToken = default)
    {
        var token = NewToken();
        var now = _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();
        var view = await StoreAsync(Guid.NewGuid(), customerId, name, detail, permission, now, now + lifetime, HashOf(token), cancellationToken);
        return view with { Token = token };
    }

    /// <summary>A key whose token is given (the local stack's development key); repeating it keeps its id and creation time.</summary>
    public async Task RegisterAsync(string token, Guid customerId, string name, DateTimeOffset expires, string permission, CancellationToken cancellationToken = default)
    {
        var hash = HashOf(token);
        var id = new Guid(Convert.FromHexString(hash)[..16]);
        var existing = await _table.FindAsync(customerId.ToString(), id.ToString(), cancellationToken);
        var created = existing?.GetDateTime("TmCreate") ?? _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();
        await StoreAsync(id, customerId, name, "", permission, created, expires.UtcDateTime, hash, cancellationToken);
    }

    public async Task<AccessKeyView?> GetAsync(Guid customerId, Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(customerId.ToString(), id.ToString(), cancellationToken);
        return row is null ? null : ViewOf(row);
    }

    public async Task<AccessKeyView?> UpdateAsync(Guid customerId, Guid id, string? name, string? detail, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(customerId.ToString(), id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        var view = ViewOf(row);
        return await StoreAsync(id, customerId, name ?? view.Name, detail ?? view.Detail, view.Permission, row.GetDateTime("TmCreate")!.Value,
            row.GetDateTime("Expires")!.Value, row.GetString("Hash")!, cancellationToken);
    }

    /// <summary>Deletes a key: from this moment no request is admitted with it (in this process at once, in others within <see cref="CacheFor"/>).</summary>
    public async Task<AccessKeyView?> DeleteAsync(Guid customerId, Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(customerId.ToString(), id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        var hash = row.GetString("Hash")!;
        await _table.DeleteEntityAsync(LookupPartition, hash, cancellationToken: cancellationToken);
        _cache.TryRemove(hash, out _);
        var view = ViewOf(row) with { TmDelete = _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds().ToSeedFormat() };
        await index.DeleteAsync(Resources.AccessKey, customerId, row.GetDateTime("TmCreate")!.Value, id, cancellationToken);
        await _table.DeleteEntityAsync(customerId.ToString(), id.ToString(), cancellationToken: cancellationToken);
        return view;
    }

    /// <summary>Who a token speaks for, or null when it is unknown, deleted or expired.</summary>
    public async Task<Principal?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }
        var hash = HashOf(token);
        var now = _time.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var entry) || entry.CachedUntil < now)
        {
            var row = await _table.FindAsync(LookupPartition, hash, cancellationToken);
            if (row is null)
            {
                return null;
            }
            entry = (new Principal(Guid.Parse(row.GetString("CustomerId")!), PermissionOf(row), Guid.Empty),
                new DateTimeOffset(row.GetDateTime("Expires")!.Value, TimeSpan.Zero), now + CacheFor);
            _cache[hash] = entry;
        }
        return entry.Expires > now ? entry.Principal : null;
    }

    /// <summary>A new random token: 32 bytes, URL-safe.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<AccessKeyView> StoreAsync(Guid id, Guid customerId, string name, string detail, string permission, DateTime created, DateTime expires, string hash,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();
        var row = new TableEntity(customerId.ToString(), id.ToString())
        {
            ["Name"] = name,
            ["Detail"] = detail,
            ["Permission"] = permission,
            ["Hash"] = hash,
            ["Expires"] = expires,
            ["TmCreate"] = created,
            ["TmUpdate"] = now,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        var view = ViewOf(row);
        await index.UpsertAsync(Resources.AccessKey, customerId, id, JsonSerializer.SerializeToElement(view, CoreJson.Options), cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(LookupPartition, hash)
        {
            ["CustomerId"] = customerId.ToString(),
            ["KeyId"] = id.ToString(),
            ["Permission"] = permission,
            ["Expires"] = expires,
        }, TableUpdateMode.Replace, cancellationToken);
        _cache.TryRemove(hash, out _);
        return view;
    }

    private static AccessKeyView ViewOf(TableEntity row)
    {
        var expires = row.GetDateTime("Expires")!.Value;
        return new AccessKeyView(Guid.Parse(row.RowKey), Guid.Parse(row.PartitionKey), row.GetString("Name") ?? "", row.GetString("Detail") ?? "", PermissionOf(row), "",
            expires.Year >= 9999 ? Timestamps.Never : expires.ToSeedFormat(), row.GetDateTime("TmCreate")!.Value.ToSeedFormat(),
            row.GetDateTime("TmUpdate")!.Value.ToSeedFormat(), Timestamps.Never);
    }

    private static string PermissionOf(TableEntity row) => row.GetString("Permission") ?? Permissions.CustomerAdmin;

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
