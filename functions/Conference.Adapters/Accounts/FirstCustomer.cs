using Conference.Core.Accounts;

namespace Conference.Adapters.Accounts;

/// <summary>
/// The first customer, made from the settings on first start: the platform's own customer, its admin
/// user (a platform admin, who can log in and onboard other customers) and, when given, an access key
/// with a known token (the local stack's development key, a platform admin's too). Repeating it at
/// every start changes nothing that exists.
/// </summary>
public sealed record FirstCustomer(Guid CustomerId, string AdminUsername, string AdminPassword, string? AccessKey)
{
    public async Task EnsureAsync(CustomerStore customers, UserStore users, AccessKeyStore keys, CancellationToken cancellationToken = default)
    {
        await customers.EnsureAsync(CustomerId, "admin", cancellationToken);
        await users.EnsureAsync(AdminUsername, AdminPassword, CustomerId, Permissions.PlatformAdmin, cancellationToken);
        if (AccessKey is { Length: > 0 } token)
        {
            await keys.RegisterAsync(token, CustomerId, "development", DateTimeOffset.MaxValue, Permissions.PlatformAdmin, cancellationToken);
        }
    }
}
