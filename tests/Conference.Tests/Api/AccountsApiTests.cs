using System.Net;
using System.Net.Http.Json;
using Conference.Adapters;
using Conference.Core.Json;
using Conference.Storage;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

public sealed class AccountsApiTests(Azurite azurite) : ApiTest(azurite)
{
    private async Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        await Api.CreateClient().PostJsonAsync("/v1.0/auth/login", new { username, password });

    [Fact]
    public async Task The_admin_user_from_the_settings_logs_in_and_its_token_admits_the_admin_customer()
    {
        var login = await LoginAsync(Api.AdminUsername, Api.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await login.JsonAsync();
        Assert.Equal(Api.AdminUsername, body.GetProperty("username").GetString());
        var token = body.GetProperty("token").GetString()!;
        Assert.True(DateTime.Parse(body.GetProperty("tm_expire").GetString()!) > DateTime.UtcNow.AddHours(23));

        // The development key's customer and the admin's are one: a conference made with one is seen with the other.
        var id = await Api.ProgressingConferenceAsync();
        var seen = await Api.CreateClient().GetAsync($"/v1.0/conferences/{id}?token={token}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(Api.CustomerId.ToString(), (await seen.JsonAsync()).GetProperty("customer_id").GetString());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        var wrong = await LoginAsync(Api.AdminUsername, Api.AdminPassword + "x");
        var unknown = await LoginAsync("nobody-" + Guid.NewGuid(), Api.AdminPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.JsonAsync()).GetProperty("detail").GetString(), (await unknown.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync("", "")).StatusCode);
    }

    [Fact]
    public async Task A_login_token_is_refused_once_it_expires_and_when_tampered_with()
    {
        Api.Settings["CONFERENCE_LOGIN_TOKEN_SECONDS"] = "2";
        var token = (await (await LoginAsync(Api.AdminUsername, Api.AdminPassword)).JsonAsync()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Api.Client(token).GetAsync("/v1.0/conferences")).StatusCode);

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Client(tampered).GetAsync("/v1.0/conferences")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var expired = await Api.Client(token).GetAsync("/v1.0/conferences");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("UNAUTHORIZED", (await expired.JsonAsync()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_access_key_shows_its_token_once_works_until_deleted_and_only_its_hash_is_stored()
    {
        var created = await (await Api.Client().PostJsonAsync("/v1.0/accesskeys", new { name = "ci", detail = "for the build" })).JsonAsync();
        var id = created.GetProperty("id").GetString();
        var token = created.GetProperty("token").GetString()!;
        Assert.True(token.Length >= 40);
        Assert.Equal(Api.CustomerId.ToString(), created.GetProperty("customer_id").GetString());

        var fetched = await (await Api.Client().GetAsync($"/v1.0/accesskeys/{id}")).JsonAsync();
        Assert.Equal("", fetched.GetProperty("token").GetString());
        Assert.Equal("ci", fetched.GetProperty("name").GetString());
        var listed = await (await Api.Client().GetAsync("/v1.0/accesskeys")).JsonAsync();
        var entry = Assert.Single(listed.GetProperty("result").EnumerateArray(), k => k.GetProperty("id").GetString() == id);
        Assert.Equal("", entry.GetProperty("token").GetString());
        Assert.DoesNotContain(token, listed.GetRawText());

        Assert.Equal(HttpStatusCode.OK, (await Api.Client(token).GetAsync("/v1.0/conferences")).StatusCode);
        var renamed = await (await Api.Client().PutAsync($"/v1.0/accesskeys/{id}", JsonContent.Create(new { name = "ci-2" }, options: CoreJson.Options))).JsonAsync();
        Assert.Equal("ci-2", renamed.GetProperty("name").GetString());
        Assert.Equal("for the build", renamed.GetProperty("detail").GetString());

        await foreach (var row in Azurite.Tables.GetTableClient(Tables.AccessKeys).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            Assert.DoesNotContain(((IDictionary<string, object>)row).Values, v => v?.ToString()?.Contains(token, StringComparison.Ordinal) == true);
        }

        Assert.Equal(HttpStatusCode.OK, (await Api.Client().DeleteAsync($"/v1.0/accesskeys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Client(token).GetAsync("/v1.0/conferences")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client().GetAsync($"/v1.0/accesskeys/{id}")).StatusCode);
        Assert.DoesNotContain(id!, (await (await Api.Client().GetAsync("/v1.0/accesskeys")).JsonAsync()).GetRawText());
    }

    [Fact]
    public async Task An_access_key_stops_working_when_it_expires()
    {
        var created = await (await Api.Client().PostJsonAsync("/v1.0/accesskeys", new { name = "short", expire = 1 })).JsonAsync();
        var token = created.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Api.Client(token).GetAsync("/v1.0/conferences")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Client(token).GetAsync("/v1.0/conferences")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Client().PostJsonAsync("/v1.0/accesskeys", new { expire = -5 })).StatusCode);
    }

    [Fact]
    public async Task The_customer_sets_its_webhook_and_bad_values_are_refused_without_change()
    {
        var before = await Api.CustomerAsync();
        Assert.Equal("", before.GetProperty("webhook_uri").GetString());
        Assert.StartsWith("whsec_", before.GetProperty("webhook_secret").GetString());

        var set = await Api.Client().PutAsync("/v1.0/customer", JsonContent.Create(new { webhook_uri = "https://example.com/hook", webhook_method = "put" }, options: CoreJson.Options));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var bad = await Api.Client().PutAsync("/v1.0/customer", JsonContent.Create(new { webhook_uri = "ftp://example.com/hook" }, options: CoreJson.Options));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("INVALID_WEBHOOK_URI", (await bad.JsonAsync()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest,
            (await Api.Client().PutAsync("/v1.0/customer", JsonContent.Create(new { webhook_method = "DELETE" }, options: CoreJson.Options))).StatusCode);

        var after = await Api.CustomerAsync();
        Assert.Equal("https://example.com/hook", after.GetProperty("webhook_uri").GetString());
        Assert.Equal("PUT", after.GetProperty("webhook_method").GetString());
        Assert.Equal(before.GetProperty("webhook_secret").GetString(), after.GetProperty("webhook_secret").GetString());
    }
}
