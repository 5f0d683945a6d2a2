using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>The Restcomm 2012-04-24 Conferences and Participants resources, as seed 004 shows them, over the same entities as v1.0.</summary>
public sealed partial class RestcommApiTests(Azurite azurite) : ApiTest(azurite)
{
    private string Account => "AC" + Api.CustomerId.ToString("N");

    private string Base => $"/restcomm/2012-04-24/Accounts/{Account}/Conferences";

    private HttpClient Restcomm(string? user = null, string? password = null)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user ?? Account}:{password ?? Api.Token}")));
        return client;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Restcomm().GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    [Fact]
    public async Task The_seed_PageSize_and_Limit_examples_answer_field_by_field()
    {
        var id = await Api.ProgressingConferenceAsync(new { type = "conference", name = "1111" });
        var sid = "CF" + id.ToString("N");
        var uri = $"/2012-04-24/Accounts/{Account}/Conferences";

        foreach (var (query, limit) in new[] { ("?PageSize=1", 10000), ("?PageSize=1&Limit=500", 500) })
        {
            var page = await GetJsonAsync(Base + ".json" + query);
            Assert.Equal(0, page.GetProperty("page").GetInt32());
            Assert.Equal(0, page.GetProperty("num_pages").GetInt32());
            Assert.Equal(1, page.GetProperty("page_size").GetInt32());
            Assert.Equal(1, page.GetProperty("total").GetInt32());
            Assert.Equal(limit, page.GetProperty("limit").GetInt32());
            Assert.Equal("0", page.GetProperty("start").GetString());
            Assert.Equal("1", page.GetProperty("end").GetString());
            Assert.Equal(uri, page.GetProperty("uri").GetString());
            Assert.Equal($"{uri}?Page=0&PageSize=1&Limit={limit}", page.GetProperty("first_page_uri").GetString());
            Assert.Equal("null", page.GetProperty("previous_page_uri").GetString());
            Assert.Equal("null", page.GetProperty("next_page_uri").GetString());
            Assert.Equal($"{uri}?Page=0&PageSize=1&Limit={limit}", page.GetProperty("last_page_uri").GetString());

            var conference = Assert.Single(page.GetProperty("conferences").EnumerateArray());
            Assert.Equal(["sid", "date_created", "date_updated", "account_sid", "status", "api_version", "friendly_name", "uri", "subresource_uris"],
                conference.EnumerateObject().Select(p => p.Name));
            Assert.Equal(sid, conference.GetProperty("sid").GetString());
            Assert.Matches(Rfc2822(), conference.GetProperty("date_created").GetString());
            Assert.Matches(Rfc2822(), conference.GetProperty("date_updated").GetString());
            Assert.Equal(Account, conference.GetProperty("account_sid").GetString());
            Assert.Equal("RUNNING_MODERATOR_ABSENT", conference.GetProperty("status").GetString());
            Assert.Equal("2012-04-24", conference.GetProperty("api_version").GetString());
            Assert.Equal("1111", conference.GetProperty("friendly_name").GetString());
            Assert.Equal($"{uri}/{sid}.json", conference.GetProperty("uri").GetString());
            Assert.Equal($"{uri}/{sid}/Participants.json", conference.GetProperty("subresource_uris").GetProperty("participants").GetString());
        }

        var single = await GetJsonAsync($"{Base}/{sid}.json");
        Assert.Equal(sid, single.GetProperty("sid").GetString());
        Assert.Equal("1111", single.GetProperty("friendly_name").GetString());
    }

    [Fact]
    public async Task Pages_are_zero_based_and_link_to_their_neighbours()
    {
        var names = new[] { "a", "b", "c" };
        foreach (var name in names)
        {
            await Api.ProgressingConferenceAsync(new { type = "conference", name });
        }
        var first = await GetJsonAsync(Base + ".json?PageSize=2");
        Assert.Equal(1, first.GetProperty("num_pages").GetInt32());
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("conferences").GetArrayLength());
        Assert.EndsWith("?Page=1&PageSize=2&Limit=10000", first.GetProperty("next_page_uri").GetString());

        var second = await GetJsonAsync(Base + ".json?Page=1&PageSize=2");
        Assert.Equal("2", second.GetProperty("start").GetString());
        Assert.Equal("3", second.GetProperty("end").GetString());
        Assert.EndsWith("?Page=0&PageSize=2&Limit=10000", second.GetProperty("previous_page_uri").GetString());
        Assert.Equal("null", second.GetProperty("next_page_uri").GetString());
        var seen = first.GetProperty("conferences").EnumerateArray().Concat(second.GetProperty("conferences").EnumerateArray())
            .Select(c => c.GetProperty("friendly_name").GetString()).Order();
        Assert.Equal(names, seen);

        var limited = await GetJsonAsync(Base + ".json?PageSize=5&Limit=2");
        Assert.Equal(2, limited.GetProperty("total").GetInt32());

        var bad = await Restcomm().GetAsync(Base + ".json?PageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(21100, (await bad.JsonAsync()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Status_follows_the_room_and_the_filters_are_case_sensitive()
    {
        var empty = await Api.ProgressingConferenceAsync(new { type = "conference", name = "Empty" });
        var busy = await Api.ProgressingConferenceAsync(new { type = "conference", name = "Busy" });
        await Api.JoinAsync(busy);

        await Eventually.TrueAsync(async () =>
                (await GetJsonAsync(Base + ".json?Status=RUNNING_MODERATOR_PRESENT")).GetProperty("conferences").EnumerateArray()
                .Select(c => c.GetProperty("friendly_name").GetString()).SequenceEqual(["Busy"]),
            TimeSpan.FromSeconds(5), "The conference with a participant never showed RUNNING_MODERATOR_PRESENT.");
        Assert.Equal("Empty", Assert.Single((await GetJsonAsync(Base + ".json?FriendlyName=Empty")).GetProperty("conferences").EnumerateArray())
            .GetProperty("friendly_name").GetString());
        Assert.Empty((await GetJsonAsync(Base + ".json?FriendlyName=empty")).GetProperty("conferences").EnumerateArray());
        // Parameter names are case-sensitive too: "status" is not a filter.
        Assert.Equal(2, (await GetJsonAsync(Base + ".json?status=COMPLETED")).GetProperty("total").GetInt32());

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        Assert.Equal(2, (await GetJsonAsync(Base + $".json?DateCreated={today}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(Base + $".json?DateCreated={yesterday}")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await GetJsonAsync(Base + $".json?DateCreated%3E={yesterday}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(Base + $".json?DateUpdated%3C={yesterday}")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await Api.Client().DeleteAsync($"/v1.0/conferences/{empty}")).StatusCode);
        await Eventually.TrueAsync(async () => (await GetJsonAsync($"{Base}/CF{empty:N}.json")).GetProperty("status").GetString() == "COMPLETED",
            TimeSpan.FromSeconds(5), "A terminated conference never showed COMPLETED.");
        Assert.Equal(HttpStatusCode.BadRequest, (await Restcomm().GetAsync(Base + ".json?Status=running")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Restcomm().GetAsync(Base + ".json?DateCreated=31/05/2016")).StatusCode);
    }

    [Fact]
    public async Task Participants_are_the_calls_in_the_room_and_can_be_muted_held_and_kicked()
    {
        var conference = await Api.ProgressingConferenceAsync(new { type = "conference", name = "room" });
        var first = await Api.JoinAsync(conference);
        var second = await Api.JoinAsync(conference);
        // A participant is named by its call, as in Twilio.
        var (firstCall, secondCall) = (await CallOf(first), await CallOf(second));
        var participants = $"{Base}/CF{conference:N}/Participants";

        await Eventually.TrueAsync(async () => (await GetJsonAsync(participants + ".json")).GetProperty("total").GetInt32() == 2,
            TimeSpan.FromSeconds(5), "The participants list never showed both calls.");
        var listed = (await GetJsonAsync(participants + ".json")).GetProperty("participants").EnumerateArray().ToList();
        Assert.Equal(new[] { $"CA{firstCall:N}", $"CA{secondCall:N}" }.Order(), listed.Select(p => p.GetProperty("call_sid").GetString()).Order());
        Assert.All(listed, p =>
        {
            Assert.Equal($"CF{conference:N}", p.GetProperty("conference_sid").GetString());
            Assert.Equal(Account, p.GetProperty("account_sid").GetString());
            Assert.False(p.GetProperty("muted").GetBoolean());
            Assert.False(p.GetProperty("hold").GetBoolean());
            Assert.True(p.GetProperty("start_conference_on_enter").GetBoolean());
            Assert.False(p.GetProperty("end_conference_on_exit").GetBoolean());
            Assert.Matches(Rfc2822(), p.GetProperty("date_created").GetString());
            Assert.Equal($"/2012-04-24/Accounts/{Account}/Conferences/CF{conference:N}/Participants/{p.GetProperty("call_sid").GetString()}.json", p.GetProperty("uri").GetString());
        });

        var one = $"{participants}/CA{firstCall:N}.json";
        var muted = await Restcomm().PostAsync(one, new FormUrlEncodedContent(new Dictionary<string, string> { ["Muted"] = "true", ["Hold"] = "true" }));
        Assert.Equal(HttpStatusCode.OK, muted.StatusCode);
        var answer = await muted.JsonAsync();
        Assert.True(answer.GetProperty("muted").GetBoolean());
        Assert.True(answer.GetProperty("hold").GetBoolean());
        var v1 = await Api.ConferencecallAsync(first);
        Assert.True(v1.GetProperty("muted").GetBoolean() && v1.GetProperty("on_hold").GetBoolean());

        var unmuted = await (await Restcomm().PostAsync(one, new FormUrlEncodedContent(new Dictionary<string, string> { ["Muted"] = "false" }))).JsonAsync();
        Assert.False(unmuted.GetProperty("muted").GetBoolean());
        Assert.True(unmuted.GetProperty("hold").GetBoolean());
        var garbage = await Restcomm().PostAsync(one, new FormUrlEncodedContent(new Dictionary<string, string> { ["Muted"] = "maybe" }));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.False((await Api.ConferencecallAsync(first)).GetProperty("muted").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await Restcomm().DeleteAsync(one)).StatusCode);
        await Api.WaitForStatusAsync(first, "leaved");
        var gone = await Restcomm().GetAsync(one);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(20404, (await gone.JsonAsync()).GetProperty("code").GetInt32());
        await Eventually.TrueAsync(async () => (await GetJsonAsync(participants + ".json")).GetProperty("participants").EnumerateArray()
                .Select(p => p.GetProperty("call_sid").GetString()).SequenceEqual([$"CA{secondCall:N}"]),
            TimeSpan.FromSeconds(5), "The kicked participant stayed on the list.");
        // A participant of another conference is not found under this one.
        var elsewhere = await Api.ProgressingConferenceAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"{Base}/CF{elsewhere:N}/Participants/CA{secondCall:N}.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"{participants}/CA{second:N}.json")).StatusCode);
    }

    private async Task<Guid> CallOf(Guid conferencecall) => (await Api.ConferencecallAsync(conferencecall)).GetProperty("reference_id").GetGuid();

    [Fact]
    public async Task Basic_auth_failures_are_401_and_another_account_is_404()
    {
        var id = await Api.ProgressingConferenceAsync();
        var path = $"{Base}/CF{id:N}.json";

        var none = await Api.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic", Assert.Single(none.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(20003, (await none.JsonAsync()).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Restcomm(password: "wrong").GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Restcomm(user: "AC" + Guid.NewGuid().ToString("N")).GetAsync(path)).StatusCode);

        var other = await Api.OtherCustomerTokenAsync();
        var theirs = Api.CreateClient();
        theirs.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", other);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"/restcomm/2012-04-24/Accounts/AC{Guid.NewGuid():N}/Conferences.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"{Base}/CF{Guid.NewGuid():N}.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Restcomm().GetAsync($"{Base}/not-a-sid.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Restcomm().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Without_json_the_answer_is_Restcomm_xml_and_conferences_cannot_be_changed()
    {
        var id = await Api.ProgressingConferenceAsync(new { type = "conference", name = "xml" });
        var response = await Restcomm().GetAsync(Base + "?PageSize=1");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("RestcommResponse", xml.Name.LocalName);
        var list = xml.Element("Conferences")!;
        Assert.Equal("1", list.Attribute("total")?.Value);
        Assert.Equal("null", list.Attribute("nextpageuri")?.Value);
        var conference = list.Element("Conference")!;
        Assert.Equal("CF" + id.ToString("N"), conference.Element("Sid")?.Value);
        Assert.Equal("xml", conference.Element("FriendlyName")?.Value);
        Assert.EndsWith("/Participants.json", conference.Element("SubresourceUris")?.Element("Participants")?.Value);

        var single = XDocument.Parse(await (await Restcomm().GetAsync($"{Base}/CF{id:N}")).Content.ReadAsStringAsync()).Root!;
        Assert.Equal("xml", single.Element("Conference")?.Element("FriendlyName")?.Value);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Restcomm().PostAsync(Base + ".json", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Restcomm().PutAsync($"{Base}/CF{id:N}.json", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Restcomm().DeleteAsync($"{Base}/CF{id:N}.json")).StatusCode);
        Assert.Equal("progressing", (await Api.ConferenceAsync(id)).GetProperty("status").GetString());
    }

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$")]
    private static partial Regex Rfc2822();
}
