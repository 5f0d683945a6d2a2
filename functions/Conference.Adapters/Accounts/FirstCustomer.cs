namespace Conference.Adapters.Accounts;

/// <summary>
/// The first customer, made from the settings on first start: the admin customer, its admin user
/// (who can log in) and, when given, an access key with a known token (the local stack's
/// development key). Repeating it at every start changes nothing that exists.
/// </summary>
public sealed record FirstCustomer(Guid CustomerId, string AdminUsername, string AdminPassword, string? AccessKey)
{
    public async Task EnsureAsync(CustomerStore customers, UserStore users, AccessKeyStore keys, CancellationToken cancellationToken = default)
    {
        await customers.EnsureAsync(CustomerId, "admin", cancellationToken);
        await users.EnsureAsync(AdminUsername, AdminPassword, CustomerId, cancellationToken);
        if (AccessKey is { Length: > 0 } token)
        {
            await keys.RegisterAsync(token, CustomerId, "development", DateTimeOffset.MaxValue, cancellationToken);
        }
    }
}
