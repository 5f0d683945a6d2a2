using Azure;
using Azure.Data.Tables;
using Conference.Core.Accounts;
using Conference.Storage;

namespace Conference.Adapters.Accounts;

/// <summary>Users log in with a username and password; a user belongs to one customer. Only a PBKDF2 hash of the password is stored.</summary>
public sealed class UserStore(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(Tables.Users);
    private const string Partition = "user";

    /// <summary>Creates the user unless one of that name exists (an existing user keeps its password).</summary>
    public async Task EnsureAsync(string username, string password, Guid customerId, CancellationToken cancellationToken = default)
    {
        if (await _table.FindAsync(Partition, KeyOf(username), cancellationToken) is not null)
        {
            return;
        }
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition, KeyOf(username))
            {
                ["Username"] = username,
                ["CustomerId"] = customerId.ToString(),
                ["PasswordHash"] = PasswordHash.Of(password),
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    /// <summary>The user's customer when the password is right; null otherwise. Takes as long for an unknown user as for a wrong password.</summary>
    public async Task<Guid?> VerifyAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var row = username.Length is > 0 and <= 256 ? await _table.FindAsync(Partition, KeyOf(username), cancellationToken) : null;
        var matches = PasswordHash.Verify(password, row?.GetString("PasswordHash") ?? PasswordHash.Decoy);
        return row is not null && matches ? Guid.Parse(row.GetString("CustomerId")!) : null;
    }

    /// <summary>Usernames are case-insensitive; the key is hex so any characters are safe in a row key.</summary>
    private static string KeyOf(string username) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(username.ToLowerInvariant()));
}
