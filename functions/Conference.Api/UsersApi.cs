using Conference.Adapters.Accounts;
using Conference.Core.Accounts;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>
/// /v1.0/users: a customer admin manages its customer's users, the platform admin any customer's.
/// Usernames are unique (409), passwords at least 12 characters (400). A user changes its own
/// password with its own token. Another customer's user is indistinguishable from a missing one (404).
/// </summary>
public static class UsersApi
{
    private const string Base = "v1.0/users";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateUser", "POST", Base, (s, _) => Create(s), Idempotent: true, Needs: Permissions.CustomerAdmin),
        new("ListUsers", "GET", Base, (s, _) => List(s), Needs: Permissions.CustomerAdmin),
        new("GetUser", "GET", Base + "/{id}", Get, Needs: Permissions.CustomerAdmin),
        new("UpdateUser", "PUT", Base + "/{id}", Update, Needs: Permissions.CustomerAdmin),
        new("DeleteUser", "DELETE", Base + "/{id}", Delete, Needs: Permissions.CustomerAdmin),
        // Any user may change its own password; admins may change others' (checked per user).
        new("ChangeUserPassword", "PUT", Base + "/{id}/password", ChangePassword),
    ];

    private static async Task<IResult> Create(ApiServices s)
    {
        var request = await RequestBody.BindAsync<CreateUser>(s.Context);
        var customer = await AccountsApi.ManagedCustomerAsync(s, request.CustomerId);
        var permission = Permissions.Grantable(request.Permission, Permissions.CustomerManager, s.Context.Principal(), customer);
        var user = await Store(s).CreateAsync(customer, AccountRules.Username(request.Username), AccountRules.Password(request.Password),
            AccountRules.Text(request.Name, "name"), AccountRules.Text(request.Detail, "detail"), permission, s.Context.RequestAborted);
        return new Ok(user);
    }

    /// <summary>The caller's customer's users, or with <c>?customer_id=</c> another's (platform admin).</summary>
    private static async Task<IResult> List(ApiServices s)
    {
        var given = s.Context.Request.Query["customer_id"].ToString();
        var customer = given.Length > 0 ? await AccountsApi.ManagedCustomerAsync(s, ApiInput.Id(given)) : s.Customer;
        var page = await s.Index.ListAsync(Resources.User, customer, ApiInput.Filters(s.Context.Request, ("name", null)), ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: false, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(ApiServices s, string? id) => new Ok((await ManagedAsync(s, id)).View);

    private static async Task<IResult> Update(ApiServices s, string? id)
    {
        var (user, principal) = await ManagedAsync(s, id);
        var request = await RequestBody.BindAsync<UpdateUser>(s.Context);
        var permission = request.Permission is null ? null : Permissions.Grantable(request.Permission, principal.Permission, s.Context.Principal(), user.CustomerId);
        var view = await Store(s).UpdateAsync(user.Id, request.Name is null ? null : AccountRules.Text(request.Name, "name"),
            request.Detail is null ? null : AccountRules.Text(request.Detail, "detail"), permission, s.Context.RequestAborted);
        return new Ok(view ?? throw NotFound(id));
    }

    private static async Task<IResult> Delete(ApiServices s, string? id)
    {
        var (user, _) = await ManagedAsync(s, id);
        return new Ok(await Store(s).DeleteAsync(user.Id, s.Context.RequestAborted) ?? throw NotFound(id));
    }

    /// <summary>A user's own token may change its own password; a customer admin its customer's users', the platform admin anyone's.</summary>
    private static async Task<IResult> ChangePassword(ApiServices s, string? id)
    {
        var caller = s.Context.Principal();
        var userId = ApiInput.Id(id);
        var found = await Store(s).GetAsync(userId, s.Context.RequestAborted);
        if (found is not { } user || !caller.Manages(user.View.CustomerId))
        {
            throw NotFound(id);
        }
        if (caller.UserId != userId && !Permissions.Allows(caller.Permission, Permissions.CustomerAdmin))
        {
            throw DomainException.Forbidden("PERMISSION_DENIED", "Only the user itself or an admin changes a user's password.");
        }
        var request = await RequestBody.BindAsync<ChangePassword>(s.Context);
        return new Ok(await Store(s).SetPasswordAsync(userId, AccountRules.Password(request.Password), s.Context.RequestAborted) ?? throw NotFound(id));
    }

    /// <summary>A user the caller manages (its customer's, or any for a platform admin); anything else is 404.</summary>
    private static async Task<(UserView View, Principal Principal)> ManagedAsync(ApiServices s, string? id)
    {
        var found = await Store(s).GetAsync(ApiInput.Id(id), s.Context.RequestAborted);
        return found is { } user && s.Context.Principal().Manages(user.View.CustomerId) ? user : throw NotFound(id);
    }

    private static DomainException NotFound(string? id) => DomainException.NotFound("USER_NOT_FOUND", $"No user {id}.");

    private static UserStore Store(ApiServices s) => AccountsApi.Service<UserStore>(s);
}
