using Conference.Core.Entities;

namespace Conference.Core.Accounts;

/// <summary>
/// What a user or an access key may do. Each includes the ones below it: a platform admin manages
/// customers (and any customer's users) and is its own customer's admin; a customer admin manages
/// its customer's users, access keys and webhook, and uses the conference API; a customer manager
/// uses the conference API.
/// </summary>
public static class Permissions
{
    public const string PlatformAdmin = "platform_admin";
    public const string CustomerAdmin = "customer_admin";
    public const string CustomerManager = "customer_manager";

    public static readonly string[] All = [CustomerManager, CustomerAdmin, PlatformAdmin];

    public static bool Allows(string held, string needed) => Array.IndexOf(All, held) >= Array.IndexOf(All, needed) && Array.IndexOf(All, needed) >= 0;

    /// <summary>A permission to give: known, and no more than the giver holds (only a platform admin makes another, in its own customer).</summary>
    public static string Grantable(string? wanted, string fallback, Principal giver, Guid forCustomer)
    {
        var permission = string.IsNullOrEmpty(wanted) ? fallback : wanted;
        if (!All.Contains(permission))
        {
            throw DomainException.Invalid("INVALID_PERMISSION", $"'permission' is one of: {string.Join(", ", All)}.");
        }
        if (!Allows(giver.Permission, permission) || (permission == PlatformAdmin && forCustomer != giver.CustomerId))
        {
            throw DomainException.Forbidden("PERMISSION_DENIED", $"A {giver.Permission} cannot give '{permission}' here.");
        }
        return permission;
    }
}

/// <summary>Who a request speaks for: the customer, what it may do, and the user behind a login token (the empty id for an access key).</summary>
public sealed record Principal(Guid CustomerId, string Permission, Guid UserId)
{
    /// <summary>Whether this principal may act on <paramref name="customerId"/>'s accounts: its own, or any for a platform admin.</summary>
    public bool Manages(Guid customerId) => customerId == CustomerId || Permission == Permissions.PlatformAdmin;
}
