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
/// Users log in with a username and password; a user belongs to one customer and has one
/// permission. Each user has two rows: the user (partition <c>user</c>, keyed by id) and its login
/// (partition <c>login</c>, keyed by the username, which makes usernames unique). A new user's login
/// row is written last and a deleted one's first, so a user can log in only while fully stored.
/// Only a PBKDF2 hash of the password is kept.
/// </summary>
public sealed class UserStore(TableServiceClient tables, ResourceIndex index, TimeProvider? time = null)
{
    private const string UserPartition = "user";
    private const string LoginPartition = "login";

    /// <summary>How long a process trusts that a login token's user still exists (another process's delete takes this long to reach it).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly TableClient _table = tables.GetTableClient(Tables.Users);
    private readonly ConcurrentDictionary<Guid, (bool Exists, DateTimeOffset CachedUntil)> _cache = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>A new user; 409 when the username is taken (usernames are case-insensitive).</summary>
    public async Task<UserView> CreateAsync(Guid customerId, string username, string password, string name, string detail, string permission,
        CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var now = Now();
        var row = new TableEntity(UserPartition, id.ToString())
        {
            ["CustomerId"] = customerId.ToString(),
            ["Username"] = username,
            ["Name"] = name,
            ["Detail"] = detail,
            ["Permission"] = permission,
            ["PasswordHash"] = PasswordHash.Of(password),
            ["TmCreate"] = now,
            ["TmUpdate"] = now,
        };
        await _table.AddEntityAsync(row, cancellationToken);
        try
        {
            await _table.AddEntityAsync(new TableEntity(LoginPartition, LoginKeyOf(username)) { ["UserId"] = id.ToString() }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            await _table.DeleteEntityAsync(UserPartition, id.ToString(), cancellationToken: cancellationToken);
            throw DomainException.Conflict("USERNAME_TAKEN", $"The username '{username}' is taken.");
        }
        return await IndexedAsync(row, cancellationToken);
    }

    /// <summary>The first admin, made from the settings: created unless a user of that name exists (an existing one keeps its password).</summary>
    public async Task EnsureAsync(string username, string password, Guid customerId, string permission, CancellationToken cancellationToken = default)
    {
        if (await _table.FindAsync(LoginPartition, LoginKeyOf(username), cancellationToken) is not null)
        {
            return;
        }
        try
        {
            await CreateAsync(customerId, username, password, "", "", permission, cancellationToken);
        }
        catch (DomainException e) when (e.Reason == "USERNAME_TAKEN")
        {
            // Made by another process meanwhile.
        }
    }

    /// <summary>Who the username and password log in as; null otherwise. Takes as long for an unknown user as for a wrong password.</summary>
    public async Task<Principal?> VerifyAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var login = username.Length is > 0 and <= 256 ? await _table.FindAsync(LoginPartition, LoginKeyOf(username), cancellationToken) : null;
        var user = login?.GetString("UserId") is { } id ? await _table.FindAsync(UserPartition, id, cancellationToken) : null;
        var matches = PasswordHash.Verify(password, user?.GetString("PasswordHash") ?? PasswordHash.Decoy);
        return user is not null && matches ? PrincipalOf(user) : null;
    }

    public async Task<(UserView View, Principal Principal)?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(UserPartition, id.ToString(), cancellationToken);
        return row is null ? null : (ViewOf(row), PrincipalOf(row));
    }

    /// <summary>Whether the user still exists, read at most every <see cref="CacheFor"/> (a delete here is seen at once).</summary>
    public async Task<bool> ExistsCachedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (!_cache.TryGetValue(id, out var entry) || entry.CachedUntil < now)
        {
            entry = (await _table.FindAsync(UserPartition, id.ToString(), cancellationToken) is not null, now + CacheFor);
            _cache[id] = entry;
        }
        return entry.Exists;
    }

    public async Task<UserView?> UpdateAsync(Guid id, string? name, string? detail, string? permission, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(UserPartition, id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        row["Name"] = name ?? row.GetString("Name");
        row["Detail"] = detail ?? row.GetString("Detail");
        row["Permission"] = permission ?? row.GetString("Permission");
        return await ReplaceAsync(row, cancellationToken);
    }

    public async Task<UserView?> SetPasswordAsync(Guid id, string password, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(UserPartition, id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        row["PasswordHash"] = PasswordHash.Of(password);
        return await ReplaceAsync(row, cancellationToken);
    }

    /// <summary>Deletes the user: its login first, so from that moment it cannot log in; its tokens are refused (here at once, elsewhere within <see cref="CacheFor"/>).</summary>
    public async Task<UserView?> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await _table.FindAsync(UserPartition, id.ToString(), cancellationToken);
        if (row is null)
        {
            return null;
        }
        var view = ViewOf(row);
        await _table.DeleteEntityAsync(LoginPartition, LoginKeyOf(view.Username), cancellationToken: cancellationToken);
        _cache[id] = (false, _time.GetUtcNow() + CacheFor);
        await index.DeleteAsync(Resources.User, view.CustomerId, row.GetDateTime("TmCreate")!.Value, id, cancellationToken);
        await _table.DeleteEntityAsync(UserPartition, id.ToString(), cancellationToken: cancellationToken);
        return view;
    }

    private async Task<UserView> ReplaceAsync(TableEntity row, CancellationToken cancellationToken)
    {
        row["TmUpdate"] = Now();
        await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        return await IndexedAsync(row, cancellationToken);
    }

    private async Task<UserView> IndexedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var view = ViewOf(row);
        await index.UpsertAsync(Resources.User, view.CustomerId, view.Id, JsonSerializer.SerializeToElement(view, CoreJson.Options), cancellationToken);
        return view;
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime.TruncateToMicroseconds();

    private static Principal PrincipalOf(TableEntity row) =>
        new(Guid.Parse(row.GetString("CustomerId")!), row.GetString("Permission") ?? Permissions.CustomerManager, Guid.Parse(row.RowKey));

    private static UserView ViewOf(TableEntity row) => new(Guid.Parse(row.RowKey), Guid.Parse(row.GetString("CustomerId")!), row.GetString("Username") ?? "",
        row.GetString("Name") ?? "", row.GetString("Detail") ?? "", row.GetString("Permission") ?? Permissions.CustomerManager,
        row.GetDateTime("TmCreate")!.Value.ToSeedFormat(), row.GetDateTime("TmUpdate")!.Value.ToSeedFormat());

    /// <summary>Usernames are case-insensitive; the key is hex so any characters are safe in a row key.</summary>
    private static string LoginKeyOf(string username) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(username.ToLowerInvariant()));
}
