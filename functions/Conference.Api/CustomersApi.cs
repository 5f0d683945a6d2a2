using Conference.Adapters;
using Conference.Adapters.Accounts;
using Conference.Core.Accounts;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>
/// /v1.0/customers: the platform admin onboards and retires the businesses the platform hosts.
/// Deleting a customer is soft: its keys and tokens stop working at once, its live conferences are
/// terminated, and it stays readable here (status <c>deleted</c>). A customer's own view, with its
/// webhook secret, is <c>GET /v1.0/customer</c>.
/// </summary>
public static class CustomersApi
{
    private const string Base = "v1.0/customers";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("CreateCustomer", "POST", Base, (s, _) => Create(s), Idempotent: true, Needs: Permissions.PlatformAdmin),
        new("ListCustomers", "GET", Base, (s, _) => List(s), Needs: Permissions.PlatformAdmin),
        new("GetCustomerById", "GET", Base + "/{id}", Get, Needs: Permissions.PlatformAdmin),
        new("UpdateCustomerById", "PUT", Base + "/{id}", Update, Needs: Permissions.PlatformAdmin),
        new("DeleteCustomer", "DELETE", Base + "/{id}", Delete, Needs: Permissions.PlatformAdmin),
    ];

    private static async Task<IResult> Create(ApiServices s)
    {
        var request = await RequestBody.BindAsync<CreateCustomer>(s.Context);
        return new Ok(Public(await Store(s).CreateAsync(request, s.Context.RequestAborted)));
    }

    private static async Task<IResult> List(ApiServices s)
    {
        var filters = ApiInput.Filters(s.Context.Request, ("status", [CustomerStatus.Active, CustomerStatus.Deleted]), ("name", null));
        var page = await s.Index.ListAsync(Resources.Customer, CustomerStore.Platform, filters, ApiInput.PageToken(s.Context.Request),
            ApiInput.PageSize(s.Context.Request), excludeDeleted: false, s.Context.RequestAborted);
        return new Ok(new ListResult(page.Items, page.NextPageToken));
    }

    private static async Task<IResult> Get(ApiServices s, string? id) =>
        new Ok(Public(Found(await Store(s).GetAsync(ApiInput.Id(id), s.Context.RequestAborted), id)));

    private static async Task<IResult> Update(ApiServices s, string? id)
    {
        var customerId = ApiInput.Id(id);
        var request = await RequestBody.BindAsync<UpdateCustomer>(s.Context);
        return new Ok(Public(Found(await Store(s).UpdateAsync(customerId, request, s.Context.RequestAborted), id)));
    }

    /// <summary>Deletes a customer and terminates its live conferences; a repeat returns it as it is. The platform's own customer cannot go.</summary>
    private static async Task<IResult> Delete(ApiServices s, string? id)
    {
        var customerId = ApiInput.Id(id);
        if (customerId == s.Customer)
        {
            throw DomainException.Conflict("CUSTOMER_IS_YOURS", "The platform admin's own customer cannot be deleted.");
        }
        var deleted = Found(await Store(s).DeleteAsync(customerId, s.Context.RequestAborted), id);
        foreach (var status in new[] { ConferenceStatus.Starting, ConferenceStatus.Progressing })
        {
            PageCursor? cursor = null;
            do
            {
                var page = await s.Index.ListAsync(Resources.Conference, customerId, new Dictionary<string, string> { ["status"] = status }, cursor,
                    ApiInput.MaxPageSize, excludeDeleted: true, s.Context.RequestAborted);
                foreach (var conference in page.Items)
                {
                    await s.Entities.CallAsync(EntityId.Conference(conference.GetProperty("id").GetGuid()), nameof(ConferenceEntity.Terminate),
                        new TerminateConference(EndReasons.CustomerDeleted), cancellationToken: s.Context.RequestAborted);
                }
                cursor = page.NextPageToken.Length > 0 && PageCursor.TryParse(page.NextPageToken, out var next) ? next : null;
            }
            while (cursor is not null);
        }
        return new Ok(Public(deleted));
    }

    /// <summary>The platform admin sees everything of a customer but the secret its webhooks are signed with.</summary>
    private static CustomerView Public(CustomerView customer) => customer with { WebhookSecret = null };

    private static CustomerView Found(CustomerView? customer, string? id) =>
        customer ?? throw DomainException.NotFound("CUSTOMER_NOT_FOUND", $"No customer {id}.");

    private static CustomerStore Store(ApiServices s) => AccountsApi.Service<CustomerStore>(s);
}
