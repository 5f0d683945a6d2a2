using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// The Restcomm facade on the local stack as processes, with real SIP phones in the room: the
/// participants it lists are the phones' calls, and a mute through it is what the others hear.
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

    private Task WaitForAsync(Func<Task<bool>> condition, string what, IEnumerable<Baresip> phones) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(20), async () =>
            $"{what}:\n{string.Join("\n", phones.Select(p => p.Output))}\n{await stack.Explain(what)()}");

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

            await WaitForAsync(async () =>
            {
                var listed = await (await restcomm.GetAsync(participantsPath)).JsonAsync();
                return listed.GetProperty("total").GetInt32() == 3;
            }, "the three phones never showed as participants", phones);
            var v1 = (await (await _api.GetAsync($"v1.0/conferencecalls?conference_id={conference}&status=joined")).JsonAsync()).GetProperty("result")
                .EnumerateArray().Select(p => "CA" + p.GetProperty("reference_id").GetGuid().ToString("N")).Order();
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
}
