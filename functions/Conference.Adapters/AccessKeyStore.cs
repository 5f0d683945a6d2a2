using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Conference.Storage;

namespace Conference.Adapters;

/// <summary>
/// Access keys: a token admits its customer until it expires. Only a SHA-256 of the token is
/// stored, so the table never holds a usable secret; lookups are by that hash.
/// </summary>
public sealed class AccessKeyStore(ITableStore tables, TimeProvider? time = null)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (Guid Customer, DateTimeOffset Expires, DateTimeOffset CachedUntil)> _cache = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task RegisterAsync(string token, Guid customerId, string name, DateTimeOffset expires, CancellationToken cancellationToken = default)
    {
        await tables.UpsertAsync(Tables.AccessKeys, new TableEntity("key", HashOf(token))
        {
            ["CustomerId"] = customerId.ToString(),
            ["Name"] = name,
            ["Expires"] = expires.UtcDateTime,
        }, cancellationToken: cancellationToken);
        _cache.TryRemove(HashOf(token), out _);
    }

    /// <summary>The customer a token belongs to, or null when it is unknown or expired.</summary>
    public async Task<Guid?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }
        var hash = HashOf(token);
        var now = _time.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var entry) || entry.CachedUntil < now)
        {
            var row = await tables.GetAsync(Tables.AccessKeys, "key", hash, cancellationToken);
            if (row is null)
            {
                return null;
            }
            entry = (Guid.Parse(row.GetString("CustomerId")!), new DateTimeOffset(row.GetDateTime("Expires")!.Value, TimeSpan.Zero), now + CacheFor);
            _cache[hash] = entry;
        }
        return entry.Expires > now ? entry.Customer : null;
    }

    /// <summary>A new random token: 32 bytes, URL-safe.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
