using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// The Restcomm facade on the local stack as processes, with real SIP phones in the room: the
/// participants it lists are the phones' calls, a mute through it is what the others hear, and
/// phones dialing numbers bound to an RCML application meet in a conference by its name.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RestcommPhonesTests(LocalStack stack)
{
    private readonly HttpClient _api = stack.Api();

    private async Task<HttpClient> RestcommAsync()
    {
        var customer = (await (await _api.GetAsync("v1.0/customer")).JsonAsync()).GetProperty("id").GetGuid();
        var client = new HttpClient { BaseAddress = new Uri(stack.ApiUrl, $"restcomm/2012-04-24/Accounts/AC{customer:N}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"AC{customer:N}:{LocalStack.AccessKey}")));
        return client;
    }

    private Task WaitForAsync(Func<Task<bool>> condition, string what, IEnumerable<Baresip> phones) => stack.UntilAsync(condition, what, phones, 20);

    [Fact]
    public async Task Participants_listed_are_the_phones_in_the_room_and_a_mute_through_Restcomm_silences_one_for_the_others()
    {
        var created = await (await _api.PostJsonAsync("v1.0/conferences", new { type = "conference", name = "restcomm phones" })).JsonAsync();
        var conference = created.GetProperty("id").GetGuid();
        var restcomm = await RestcommAsync();
        var participantsPath = $"Conferences/CF{conference:N}/Participants.json";
        var phones = new List<Baresip>();
        try
        {
            await WaitForAsync(async () => (await (await _api.GetAsync($"v1.0/conferences/{conference}")).JsonAsync()).GetProperty("status").GetString() == "progressing",
                "the conference never became progressing", phones);
            var hash = created.GetProperty("direct_hash").GetString()!;
            var loud = Baresip.Dial(stack.DirectAddress(hash), 500, seconds: 40);
            phones.Add(loud);
            await WaitForAsync(async () => (await (await restcomm.GetAsync(participantsPath)).JsonAsync()).GetProperty("total").GetInt32() == 1,
                "the first phone never showed as a participant", phones);
            var loudSid = (await (await restcomm.GetAsync(participantsPath)).JsonAsync()).GetProperty("participants")[0].GetProperty("call_sid").GetString()!;
            phones.Add(Baresip.Dial(stack.DirectAddress(hash), 900, seconds: 40));
            phones.Add(Baresip.Dial(stack.DirectAddress(hash), 1300, seconds: 40));

            // Restcomm lists a participant still joining too (Twilio's "connecting"): wait until all three have joined.
            async Task<List<JsonElement>> JoinedAsync() =>
                [.. (await (await _api.GetAsync($"v1.0/conferencecalls?conference_id={conference}&status=joined")).JsonAsync()).GetProperty("result").EnumerateArray()];
            await WaitForAsync(async () =>
            {
                var listed = await (await restcomm.GetAsync(participantsPath)).JsonAsync();
                return listed.GetProperty("total").GetInt32() == 3 && (await JoinedAsync()).Count == 3;
            }, "the three phones never showed as participants", phones);
            var v1 = (await JoinedAsync()).Select(p => "CA" + p.GetProperty("reference_id").GetGuid().ToString("N")).Order();
            var listedSids = (await (await restcomm.GetAsync(participantsPath)).JsonAsync()).GetProperty("participants").EnumerateArray()
                .Select(p => p.GetProperty("call_sid").GetString()).Order();
            Assert.Equal(v1, listedSids);
            Assert.Equal("RUNNING_MODERATOR_PRESENT", (await (await restcomm.GetAsync($"Conferences/CF{conference:N}.json")).JsonAsync()).GetProperty("status").GetString());

            var mute = await restcomm.PostAsync($"Conferences/CF{conference:N}/Participants/{loudSid}.json",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Muted"] = "true" }));
            Assert.Equal(HttpStatusCode.OK, mute.StatusCode);
            Assert.True((await mute.JsonAsync()).GetProperty("muted").GetBoolean());
            await Task.Delay(TimeSpan.FromSeconds(5));

            Assert.Equal(HttpStatusCode.OK, (await _api.DeleteAsync($"v1.0/conferences/{conference}")).StatusCode);
            await WaitForAsync(() => Task.FromResult(phones.All(p => p.Output.Contains("session closed"))), "a phone never got its BYE", phones);
            await WaitForAsync(async () => (await (await restcomm.GetAsync($"Conferences/CF{conference:N}.json")).JsonAsync()).GetProperty("status").GetString() == "COMPLETED",
                "the conference never showed COMPLETED", phones);
            // The two who can be heard hear each other and not the muted one (its 500 Hz far below).
            phones[1].AssertHears(500, [1300]);
            phones[2].AssertHears(500, [900]);
            // The muted one still hears both.
            phones[0].AssertHears(500, [900, 1300]);
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Two_phones_dialing_numbers_of_an_RCML_application_meet_by_name_and_the_host_ending_on_exit_ends_it_for_both()
    {
        await using var app = await RcmlApp.StartAsync();
        var room = "Standup " + Guid.NewGuid().ToString("N")[..8];
        string Document(bool host) => $"""
            <Response>
              <Say>Welcome.</Say>
              <Dial><Conference beep="false" endConferenceOnExit="{(host ? "true" : "false")}" statusCallback="/status" statusCallbackEvent="start end join leave">{room}</Conference></Dial>
            </Response>
            """;
        app.Documents["/host"] = Document(host: true);
        app.Documents["/guest"] = Document(host: false);
        var restcomm = await RestcommAsync();
        var (hostNumber, guestNumber) = ("+1555" + Random.Shared.Next(1_000_000, 9_999_999), "+1556" + Random.Shared.Next(1_000_000, 9_999_999));
        foreach (var (number, path) in new[] { (hostNumber, "host"), (guestNumber, "guest") })
        {
            var bound = await restcomm.PostAsync("IncomingPhoneNumbers.json", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["PhoneNumber"] = number, ["VoiceUrl"] = app.Url(path).ToString(),
            }));
            Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        }
        var byName = $"Conferences.json?FriendlyName={Uri.EscapeDataString(room)}";
        var phones = new List<Baresip>();
        try
        {
            var host = Baresip.Dial(stack.NumberAddress(hostNumber), 500, seconds: 16);
            phones.Add(host);
            var guest = Baresip.Dial(stack.NumberAddress(guestNumber), 900, seconds: 60);
            phones.Add(guest);

            // One conference of that name, with both phones in it.
            var participants = "";
            await WaitForAsync(async () =>
            {
                var listed = (await (await restcomm.GetAsync(byName)).JsonAsync()).GetProperty("conferences");
                if (listed.GetArrayLength() != 1)
                {
                    return false;
                }
                participants = $"Conferences/{listed[0].GetProperty("sid").GetString()}/Participants.json";
                return (await (await restcomm.GetAsync(participants)).JsonAsync()).GetProperty("total").GetInt32() == 2;
            }, "the two phones never met in one conference by its name", phones);
            var callSids = (await (await restcomm.GetAsync(participants)).JsonAsync()).GetProperty("participants").EnumerateArray()
                .Select(p => p.GetProperty("call_sid").GetString()!).Order().ToList();
            // A participant's CallSid is the one the application was asked with.
            Assert.Equal(app.To("/host").Concat(app.To("/guest")).Select(r => r.Fields["CallSid"]).Order(), callSids);

            // The host hangs up (its time is up): the conference ends, and the guest gets its BYE long before its own time.
            await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await WaitForAsync(() => Task.FromResult(guest.Output.Contains("session closed")), "the guest never got its BYE when the host left", phones);
            await WaitForAsync(async () => (await (await restcomm.GetAsync(byName)).JsonAsync()).GetProperty("conferences")[0].GetProperty("status").GetString() == "COMPLETED",
                "the conference never showed COMPLETED", phones);
            guest.AssertHears(900, [500]);

            await WaitForAsync(() => Task.FromResult(app.To("/status").Count >= 6), "fewer than six status callbacks arrived", phones);
            var callbacks = app.To("/status");
            Assert.Equal("conference-start", callbacks[0].Fields["StatusCallbackEvent"]);
            Assert.Equal("conference-end", callbacks[^1].Fields["StatusCallbackEvent"]);
            Assert.Equal("participant-with-end-conference-on-exit-left", callbacks[^1].Fields["ReasonConferenceEnded"]);
            Assert.Equal(callSids, callbacks.Where(c => c.Fields["StatusCallbackEvent"] == "participant-join").Select(c => c.Fields["CallSid"]).Order());
            Assert.Equal(callSids, callbacks.Where(c => c.Fields["StatusCallbackEvent"] == "participant-leave").Select(c => c.Fields["CallSid"]).Order());
            Assert.Equal(Enumerable.Range(1, callbacks.Count).Select(i => i.ToString()), callbacks.Select(c => c.Fields["SequenceNumber"]));
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }
}
