using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Conference.Api;
using Conference.Core.Accounts;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>Another customer's resources are indistinguishable from missing ones, on every route of the table, in every list and on the event stream.</summary>
public sealed class CustomerIsolationTests(Azurite azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task Every_route_with_an_id_answers_404_for_another_customers_resource()
    {
        var ids = await OneOfEachAsync();
        var other = await Api.OtherCustomerTokenAsync();
        var routes = ApiRoutes.All.Where(r => r.Authenticated && r.Route.Contains("{id}", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} routes take an id.");
        var otherCustomer = (await Api.CustomerAsync(other)).GetProperty("id").GetGuid();
        foreach (var route in routes)
        {
            // Each facade names the resource its own way; the other customer asks under its own account, for the owner's resource.
            string PathFor(Guid account)
            {
                var segments = route.Route.Split('/');
                var collection = segments[1] == "accounts" ? segments[3] : segments[1];
                var id = ids[collection];
                var shown = route.Route.StartsWith("v2/calls", StringComparison.Ordinal) ? Conference.Api.Telnyx.TelnyxIds.CallControlId(Api.CustomerId, id)
                    : route.Route.StartsWith("v2/accounts", StringComparison.Ordinal) ? id.ToString("N")
                    : id.ToString();
                return "/" + route.Route.Replace("{id}", shown).Replace("{account}", account.ToString("N")).Replace("{participant}", "1");
            }
            var path = PathFor(otherCustomer);
            var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = route.Method is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json") };
            var response = await Api.Client(other).SendAsync(request);
            // A route the other customer's admin may not use at all (the platform admin's) is refused whatever the id.
            var expected = Permissions.Allows(Permissions.CustomerAdmin, route.Needs) ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
            Assert.True(response.StatusCode == expected, $"{route.Method} {route.Route} answered {(int)response.StatusCode} to another customer.");

            if (route.Method == "GET")
            {
                var own = await Api.Client().GetAsync(PathFor(Api.CustomerId));
                Assert.True(own.StatusCode != HttpStatusCode.NotFound, $"GET {route.Route} is 404 for the owner too, so the 404 above proves nothing.");
            }
        }
    }

    [Fact]
    public async Task Lists_show_nothing_of_another_customer()
    {
        var ids = await OneOfEachAsync();
        var other = await Api.OtherCustomerTokenAsync();
        foreach (var route in ApiRoutes.All.Where(r => r.Authenticated && r.Method == "GET" && !r.Route.Contains('{') && r.Route != "v1.0/customer"))
        {
            var theirs = await (await Api.Client(other).GetAsync("/" + route.Route)).JsonAsync();
            var mine = await (await Api.Client().GetAsync("/" + route.Route)).JsonAsync();
            foreach (var id in ids.Values)
            {
                Assert.DoesNotContain(id.ToString(), theirs.GetRawText());
            }
            if (ids.TryGetValue(route.Route.Split('/')[1], out var own))
            {
                Assert.Contains(own.ToString(), mine.GetRawText());
            }
        }
        var theirCustomer = await Api.CustomerAsync(other);
        Assert.NotEqual(Api.CustomerId.ToString(), theirCustomer.GetProperty("id").GetString());
        Assert.NotEqual((await Api.CustomerAsync()).GetProperty("webhook_secret").GetString(), theirCustomer.GetProperty("webhook_secret").GetString());
    }

    [Fact]
    public async Task Another_customers_event_subscriber_receives_none_of_the_events()
    {
        var other = await Api.OtherCustomerTokenAsync();
        using var theirs = await EventsSocketTests.ConnectAsync(Api, other);
        using var mine = await EventsSocketTests.ConnectAsync(Api, Api.Token);
        await EventsSocketTests.SubscribeAsync(theirs, "conference:*");
        await EventsSocketTests.SubscribeAsync(mine, "conference:*");

        var conference = await Api.ProgressingConferenceAsync();
        await EventsSocketTests.SubscribeAsync(theirs, $"conference:{conference}");
        await Api.Client().PostAsync($"/v1.0/conferences/{conference}/lock", null);

        var received = await EventsSocketTests.ReceiveUntilAsync(mine, e => e.GetProperty("type").GetString() == "conference_updated" && e.GetProperty("data").GetProperty("is_locked").GetBoolean());
        Assert.Contains(received, e => e.GetProperty("type").GetString() == "conference_created");
        Assert.Empty(await EventsSocketTests.ReceiveForAsync(theirs, TimeSpan.FromSeconds(1)));
    }

    /// <summary>One resource of every kind, owned by the factory's customer, by collection name.</summary>
    private async Task<Dictionary<string, Guid>> OneOfEachAsync()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var conferencecall = await Api.JoinAsync(conference);
        var start = await Api.Client().PostAsync($"/v1.0/conferences/{conference}/recording_start", null);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var recording = Guid.Parse((await start.JsonAsync()).GetProperty("recording_id").GetString()!);
        await Eventually.TrueAsync(async () => (await Api.Client().GetAsync($"/v1.0/recordings/{recording}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "The recording was never stored.");
        var transcribe = (await (await Api.Client().PostJsonAsync($"/v1.0/conferences/{conference}/transcribe_start", new { language = "en-US" })).JsonAsync())
            .GetProperty("transcribe_id").GetGuid();
        await Eventually.TrueAsync(async () => (await Api.Client().GetAsync($"/v1.0/transcribes/{transcribe}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), "The transcribe was never stored.");
        var call = await (await Api.Client().PostJsonAsync("/v1.0/calls", new { destination = "sip:alice@127.0.0.1:5062", actions = new[] { new { type = "hangup" } } })).JsonAsync();
        var key = await (await Api.Client().PostJsonAsync("/v1.0/accesskeys", new { name = "mine" })).JsonAsync();
        var user = await (await Api.Client().PostJsonAsync("/v1.0/users", new { username = "mine-" + Guid.NewGuid().ToString("N"), password = "a long enough password" })).JsonAsync();
        var number = await (await Api.Client().PostJsonAsync("/v2/phone_numbers", new { phone_number = "+1550" + Random.Shared.Next(1_000_000, 9_999_999), connection_id = "mine" })).JsonAsync();
        return new Dictionary<string, Guid>
        {
            ["conferences"] = conference,
            ["conferencecalls"] = conferencecall,
            ["recordings"] = recording,
            ["transcribes"] = transcribe,
            ["calls"] = Guid.Parse(call.GetProperty("id").GetString()!),
            ["accesskeys"] = Guid.Parse(key.GetProperty("id").GetString()!),
            ["users"] = Guid.Parse(user.GetProperty("id").GetString()!),
            ["customers"] = Api.CustomerId,
            ["phone_numbers"] = number.GetProperty("data").GetProperty("id").GetGuid(),
        };
    }
}
