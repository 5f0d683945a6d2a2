using Conference.Adapters.Accounts;
using Conference.Adapters.Events;
using Conference.Core.Accounts;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// Accounts: logging in, access keys (a customer admin's to manage), the caller's own customer and
/// its webhook, and the webhook deliveries that were given up on. Accounts are rows of their own
/// tables, not entities: nothing about them runs on a timer, and each change is stored before the 200.
/// </summary>
public static class AccountsApi
{
    private const string Keys = "v1.0/accesskeys";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Login", "POST", "v1.0/auth/login", (s, _) => Login(s), Authenticated: false),
        new("ListAccessKeys", "GET", Keys, (s, _) => ListKeys(s), Needs: Permissions.CustomerAdmin),
        new("CreateAccessKey", "POST", Keys, (s, _) => CreateKey(s), Idempotent: true, Needs: Permissions.CustomerAdmin),
        new("GetAccessKey", "GET", Keys + "/{id}", GetKey, Needs: Permissions.CustomerAdmin),
        new("UpdateAccessKey", "PUT", Keys + "/{id}", UpdateKey, Needs: Permissions.CustomerAdmin),
        new("DeleteAccessKey", "DELETE", Keys + "/{id}", DeleteKey, Needs: Permissions.CustomerAdmin),
        new("GetCustomer", "GET", "v1.0/customer", (s, _) => GetCustomer(s)),
        new("UpdateCustomer", "PUT", "v1.0/customer", (s, _) => UpdateCustomer(s), Needs: Permissions.CustomerAdmin),
        new("ListWebhookDeliveries", "GET", "v1.0/webhook_deliveries", (s, _) => ListParked(s)),
    ];

    /// <summary>A wrong username and a wrong password are the same 401, and take the same time.</summary>
    private static async Task<IResult> Login(ApiServices s)
    {
        var request = await RequestBody.BindAsync<LoginRequest>(s.Context);
        if (string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
        {
            throw ApiInputException.Invalid("INVALID_PARAMETERS", "'username' and 'password' are required.");
        }
        var user = await Service<UserStore>(s).VerifyAsync(request.Username, request.Password, s.Context.RequestAborted);
        if (user is null || await Service<CustomerStore>(s).GetCachedAsync(user.CustomerId, s.Context.RequestAborted) is not { IsActive: true })
        {
            return Problems.Of(s.Context, StatusCodes.Status401Unauthorized, "LOGIN_FAILED", "The username or the password is wrong.");
        }
        var (token, expires) = Service<LoginTokens>(s).Issue(user, request.Username);
        return new Ok(new LoginAnswer(request.Username, token, expires.TruncateToMicroseconds().ToSeedFormat()));
    }

    private static async Task<IResult> ListKeys(ApiServices s)
    {
        var page = await s.Index.ListAsync(Resources.AccessKey, s.Customer, new Dictionary<string, string>(), ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: false, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> CreateKey(ApiServices s)
    {
        var request = await RequestBody.BindAsync<CreateAccessKey>(s.Context);
        var customer = await ManagedCustomerAsync(s, request.CustomerId);
        var permission = Permissions.Grantable(request.Permission, Permissions.CustomerManager, s.Context.Principal(), customer);
        var view = await Service<AccessKeyStore>(s).CreateAsync(customer, AccountRules.Text(request.Name, "name"), AccountRules.Text(request.Detail, "detail"),
            AccountRules.KeyLifetime(request.Expire), permission, s.Context.RequestAborted);
        return new Ok(view);
    }

    private static async Task<IResult> GetKey(ApiServices s, string? id) =>
        new Ok(Found(await Service<AccessKeyStore>(s).GetAsync(s.Customer, ApiInput.Id(id), s.Context.RequestAborted), id));

    private static async Task<IResult> UpdateKey(ApiServices s, string? id)
    {
        var keyId = ApiInput.Id(id);
        var request = await RequestBody.BindAsync<UpdateAccessKey>(s.Context);
        var view = await Service<AccessKeyStore>(s).UpdateAsync(s.Customer, keyId,
            request.Name is null ? null : AccountRules.Text(request.Name, "name"), request.Detail is null ? null : AccountRules.Text(request.Detail, "detail"),
            s.Context.RequestAborted);
        return new Ok(Found(view, id));
    }

    private static async Task<IResult> DeleteKey(ApiServices s, string? id) =>
        new Ok(Found(await Service<AccessKeyStore>(s).DeleteAsync(s.Customer, ApiInput.Id(id), s.Context.RequestAborted), id));

    /// <summary>The caller's own customer, with the secret its webhook deliveries are signed with.</summary>
    private static async Task<IResult> GetCustomer(ApiServices s) =>
        new Ok((await Service<CustomerStore>(s).GetAsync(s.Customer, s.Context.RequestAborted))!);

    private static async Task<IResult> UpdateCustomer(ApiServices s)
    {
        var request = await RequestBody.BindAsync<UpdateCustomer>(s.Context);
        return new Ok((await Service<CustomerStore>(s).UpdateAsync(s.Customer, request, s.Context.RequestAborted))!);
    }

    /// <summary>
    /// The customer an account change is for: the caller's own unless <paramref name="given"/> names
    /// another, which only a platform admin may (403), and which must be an active customer (404).
    /// </summary>
    public static async Task<Guid> ManagedCustomerAsync(ApiServices s, Guid? given)
    {
        var customer = given ?? s.Customer;
        if (!s.Context.Principal().Manages(customer))
        {
            throw DomainException.Forbidden("PERMISSION_DENIED", "Only a platform admin acts for another customer.");
        }
        return await Service<CustomerStore>(s).GetAsync(customer, s.Context.RequestAborted) is { IsActive: true }
            ? customer
            : throw DomainException.NotFound("CUSTOMER_NOT_FOUND", $"No customer {customer}.");
    }

    /// <summary>The deliveries given up on (parked), oldest first: what a customer checks after its receiver was down.</summary>
    private static async Task<IResult> ListParked(ApiServices s)
    {
        var parked = await Service<WebhookQueue>(s).ReadParkedAsync(s.Customer, ApiInput.PageSize(s.Context.Request), s.Context.RequestAborted);
        return new Ok(new { result = parked, next_page_token = "" });
    }

    private static AccessKeyView Found(AccessKeyView? key, string? id) =>
        key ?? throw DomainException.NotFound("ACCESSKEY_NOT_FOUND", $"No access key {id}.");

    public static T Service<T>(ApiServices s) where T : notnull => s.Context.RequestServices.GetRequiredService<T>();
}
