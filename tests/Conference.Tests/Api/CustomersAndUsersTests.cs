using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conference.Api;
using Conference.Core.Accounts;
using Conference.Core.Json;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>
/// A platform operator onboarding customers through the API: customers made by the platform admin,
/// each with its admin user and keys, kept apart; what each permission may do; deletion.
/// </summary>
public sealed class CustomersAndUsersTests(Azurite azurite) : ApiTest(azurite)
{
    private const string Password = "correct horse battery";

    /// <summary>A customer made through the API, its admin user's login token and a customer_manager key made by that admin.</summary>
    private sealed record Onboarded(Guid Id, Guid AdminUser, string AdminToken, string ManagerKey);

    private async Task<Onboarded> OnboardAsync(string name)
    {
        var customer = await OkAsync(await Api.Client().PostJsonAsync("/v1.0/customers", new { name, email = $"ops@{name}.example" }));
        var id = customer.GetProperty("id").GetGuid();
        var username = $"{name}-admin-{Guid.NewGuid():N}";
        var user = await OkAsync(await Api.Client().PostJsonAsync("/v1.0/users",
            new { username, password = Password, permission = Permissions.CustomerAdmin, customer_id = id }));
        var login = await OkAsync(await Api.Client().PostJsonAsync("/v1.0/auth/login", new { username, password = Password }));
        var adminToken = login.GetProperty("token").GetString()!;
        var key = await OkAsync(await Api.Client(adminToken).PostJsonAsync("/v1.0/accesskeys", new { name = "app" }));
        Assert.Equal(Permissions.CustomerManager, key.GetProperty("permission").GetString());
        return new Onboarded(id, user.GetProperty("id").GetGuid(), adminToken, key.GetProperty("token").GetString()!);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(reason, body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_platform_admin_onboards_a_customer_whose_admin_sets_its_webhook_and_whose_key_runs_conferences()
    {
        var acme = await OnboardAsync("acme");

        var customer = await OkAsync(await Api.Client(acme.AdminToken).PutAsync("/v1.0/customer", JsonContent.Create(new { webhook_uri = "https://hooks.acme.example/conference" }, options: CoreJson.Options)));
        var conference = await OkAsync(await Api.Client(acme.ManagerKey).PostJsonAsync("/v1.0/conferences", new { type = "conference" }));
        var listed = await OkAsync(await Api.Client().GetAsync($"/v1.0/customers?name=acme"));

        Assert.Equal(acme.Id, customer.GetProperty("id").GetGuid());
        Assert.Equal("https://hooks.acme.example/conference", customer.GetProperty("webhook_uri").GetString());
        Assert.False(string.IsNullOrEmpty(customer.GetProperty("webhook_secret").GetString()));
        Assert.Equal(acme.Id, conference.GetProperty("customer_id").GetGuid());
        var row = Assert.Single(listed.GetProperty("result").EnumerateArray(), c => c.GetProperty("id").GetGuid() == acme.Id);
        Assert.Equal(("acme", "ops@acme.example", "active"), (row.GetProperty("name").GetString(), row.GetProperty("email").GetString(), row.GetProperty("status").GetString()));
        Assert.False(row.TryGetProperty("webhook_secret", out _), "the platform admin must not see a customer's signing secret");
    }

    [Fact]
    public async Task Two_onboarded_customers_see_nothing_of_each_other()
    {
        var (acme, globex) = (await OnboardAsync("acme"), await OnboardAsync("globex"));
        var conference = (await OkAsync(await Api.Client(acme.ManagerKey).PostJsonAsync("/v1.0/conferences", new { type = "conference" }))).GetProperty("id").GetGuid();

        foreach (var path in new[] { $"/v1.0/conferences/{conference}", $"/v1.0/users/{acme.AdminUser}" })
        {
            await AssertProblemAsync(await Api.Client(globex.AdminToken).GetAsync(path), HttpStatusCode.NotFound, path.Contains("users") ? "USER_NOT_FOUND" : "CONFERENCE_NOT_FOUND");
        }
        Assert.DoesNotContain(conference.ToString(), (await (await Api.Client(globex.ManagerKey).GetAsync("/v1.0/conferences")).JsonAsync()).GetRawText());
        Assert.DoesNotContain(acme.AdminUser.ToString(), (await (await Api.Client(globex.AdminToken).GetAsync("/v1.0/users")).JsonAsync()).GetRawText());
        Assert.Contains(acme.AdminUser.ToString(), (await (await Api.Client(acme.AdminToken).GetAsync("/v1.0/users")).JsonAsync()).GetRawText());
        await AssertProblemAsync(await Api.Client(globex.AdminToken).GetAsync($"/v1.0/users?customer_id={acme.Id}"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await Api.Client(globex.AdminToken).PostJsonAsync("/v1.0/users", new { username = "sneaky-" + Guid.NewGuid().ToString("N"), password = Password, customer_id = acme.Id }),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task A_customer_manager_cannot_manage_users_keys_the_webhook_or_customers()
    {
        var acme = await OnboardAsync("acme");
        var managerRefused = ApiRoutes.All.Where(r => r.Authenticated && !Permissions.Allows(Permissions.CustomerManager, r.Needs)).ToList();
        Assert.Contains(managerRefused, r => r.Route == "v1.0/users");
        Assert.Contains(managerRefused, r => r.Route == "v1.0/accesskeys");
        Assert.Contains(managerRefused, r => r.Route == "v1.0/customer" && r.Method == "PUT");

        foreach (var route in managerRefused)
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), "/" + route.Route.Replace("{id}", Guid.NewGuid().ToString()))
            {
                Content = route.Method is "GET" or "DELETE" ? null : JsonContent.Create(new { name = "x" }),
            };
            await AssertProblemAsync(await Api.Client(acme.ManagerKey).SendAsync(request), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        }
        Assert.Equal(HttpStatusCode.OK, (await Api.Client(acme.ManagerKey).GetAsync("/v1.0/customer")).StatusCode);
    }

    [Fact]
    public async Task Nobody_gives_more_than_it_holds()
    {
        var acme = await OnboardAsync("acme");

        await AssertProblemAsync(await Api.Client(acme.AdminToken).PostJsonAsync("/v1.0/users",
            new { username = "root-" + Guid.NewGuid().ToString("N"), password = Password, permission = Permissions.PlatformAdmin }), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await Api.Client(acme.AdminToken).PostJsonAsync("/v1.0/accesskeys", new { permission = Permissions.PlatformAdmin }),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await Api.Client().PostJsonAsync("/v1.0/users",
            new { username = "root-" + Guid.NewGuid().ToString("N"), password = Password, permission = Permissions.PlatformAdmin, customer_id = acme.Id }), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertProblemAsync(await Api.Client(acme.AdminToken).PostJsonAsync("/v1.0/users",
            new { username = "x-" + Guid.NewGuid().ToString("N"), password = Password, permission = "owner" }), HttpStatusCode.BadRequest, "INVALID_PERMISSION");
    }

    [Fact]
    public async Task Usernames_are_unique_and_passwords_are_at_least_twelve_characters()
    {
        var username = "dup-" + Guid.NewGuid().ToString("N");
        await OkAsync(await Api.Client().PostJsonAsync("/v1.0/users", new { username, password = Password }));

        await AssertProblemAsync(await Api.Client().PostJsonAsync("/v1.0/users", new { username = username.ToUpperInvariant(), password = Password }), HttpStatusCode.Conflict, "USERNAME_TAKEN");
        await AssertProblemAsync(await Api.Client().PostJsonAsync("/v1.0/users", new { username = "short-" + Guid.NewGuid().ToString("N"), password = "elevenchars" }),
            HttpStatusCode.BadRequest, "INVALID_PASSWORD");
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().PostJsonAsync("/v1.0/auth/login", new { username, password = Password })).StatusCode);
    }

    [Fact]
    public async Task A_user_changes_its_own_password_with_its_own_token_and_a_manager_cannot_change_anothers()
    {
        var acme = await OnboardAsync("acme");
        var username = "worker-" + Guid.NewGuid().ToString("N");
        var worker = await OkAsync(await Api.Client(acme.AdminToken).PostJsonAsync("/v1.0/users", new { username, password = Password }));
        var token = (await OkAsync(await Api.Client().PostJsonAsync("/v1.0/auth/login", new { username, password = Password }))).GetProperty("token").GetString()!;

        await OkAsync(await Api.Client(token).PutAsync($"/v1.0/users/{worker.GetProperty("id").GetGuid()}/password", JsonContent.Create(new { password = "a brand new passphrase" })));
        await AssertProblemAsync(await Api.Client(token).PutAsync($"/v1.0/users/{acme.AdminUser}/password", JsonContent.Create(new { password = "taking over the admin" })),
            HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Client().PostJsonAsync("/v1.0/auth/login", new { username, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Client().PostJsonAsync("/v1.0/auth/login", new { username, password = "a brand new passphrase" })).StatusCode);
    }

    [Fact]
    public async Task A_deleted_customers_keys_and_tokens_are_refused_at_once_its_conferences_end_and_it_stays_readable()
    {
        var acme = await OnboardAsync("acme");
        var conference = (await OkAsync(await Api.Client(acme.ManagerKey).PostJsonAsync("/v1.0/conferences", new { type = "conference" }))).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => (await (await Api.Client(acme.ManagerKey).GetAsync($"/v1.0/conferences/{conference}")).JsonAsync()).GetProperty("status").GetString() == "progressing",
            TimeSpan.FromSeconds(10), "The conference never became progressing.");

        var deleted = await OkAsync(await Api.Client().DeleteAsync($"/v1.0/customers/{acme.Id}"));

        Assert.Equal("deleted", deleted.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Client(acme.ManagerKey).GetAsync("/v1.0/conferences")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Client(acme.AdminToken).GetAsync("/v1.0/customer")).StatusCode);
        var state = await Api.Entities.GetStateAsync<Conference.Core.Conferences.ConferenceState>(Conference.Core.Entities.EntityId.Conference(conference));
        Assert.Equal(("terminated", "customer_deleted"), (state!.Status, state.EndReason));
        var read = await OkAsync(await Api.Client().GetAsync($"/v1.0/customers/{acme.Id}"));
        Assert.Equal(("deleted", deleted.GetProperty("tm_delete").GetString()), (read.GetProperty("status").GetString(), read.GetProperty("tm_delete").GetString()));
        await AssertProblemAsync(await Api.Client().PutAsync($"/v1.0/customers/{acme.Id}", JsonContent.Create(new { name = "back" })), HttpStatusCode.Conflict, "CUSTOMER_DELETED");
        await AssertProblemAsync(await Api.Client().DeleteAsync($"/v1.0/customers/{Api.CustomerId}"), HttpStatusCode.Conflict, "CUSTOMER_IS_YOURS");
    }

    [Fact]
    public async Task Every_account_route_refuses_a_request_without_a_token()
    {
        foreach (var route in CustomersApi.Routes.Concat(UsersApi.Routes).Concat(AccountsApi.Routes.Where(r => r.Authenticated)))
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), "/" + route.Route.Replace("{id}", Guid.NewGuid().ToString()))
            {
                Content = route.Method is "GET" or "DELETE" ? null : JsonContent.Create(new { }),
            };
            var response = await Api.CreateClient().SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {route.Route} answered {(int)response.StatusCode} without a token.");
        }
    }

    [Fact]
    public async Task The_openapi_document_names_each_routes_permission()
    {
        var document = await (await Api.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();

        foreach (var route in ApiRoutes.All.Where(r => r.Authenticated))
        {
            var operation = document.GetProperty("paths").GetProperty("/" + route.Route).GetProperty(route.Method.ToLowerInvariant());
            Assert.Equal(route.Needs, operation.GetProperty("x-permission").GetString());
        }
        Assert.Equal(Permissions.PlatformAdmin, document.GetProperty("paths").GetProperty("/v1.0/customers").GetProperty("post").GetProperty("x-permission").GetString());
    }
}
