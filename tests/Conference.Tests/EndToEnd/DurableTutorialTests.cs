using System.Net;
using System.Text.Json;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// The seed's tutorial (create, list, get, kick and the 409 on a second kick, regenerate the direct
/// hash, the troubleshooting answers, delete) through the HTTP API of a control plane running on the
/// Durable Task engine over Azurite, with real SIP phones (baresip) dialing in by direct hash.
/// </summary>
[Collection(DurableLocalStackCollection.Name)]
public sealed class DurableTutorialTests(DurableLocalStack stack)
{
    private readonly HttpClient _api = stack.Api();
    private readonly List<Baresip> _phones = [];

    private async Task<JsonElement> GetAsync(string path) => await (await _api.GetAsync(path)).JsonAsync();

    private async Task<JsonElement[]> ParticipantsAsync(Guid conference) =>
        (await GetAsync($"v1.0/conferencecalls?conference_id={conference}")).GetProperty("result").EnumerateArray().ToArray();

    private Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 30) => stack.UntilAsync(condition, what, _phones, seconds);

    private Task WaitForJoinedAsync(Guid conference, int count) =>
        WaitForAsync(async () => (await ParticipantsAsync(conference)).Count(p => p.GetProperty("status").GetString() == "joined") == count,
            $"{count} participants never joined");

    private Task WaitForStatusAsync(Guid conference, string status) =>
        WaitForAsync(async () => (await GetAsync($"v1.0/conferences/{conference}")).GetProperty("status").GetString() == status,
            $"the conference never became {status}");

    private Baresip Dial(string hash, int hertz)
    {
        var phone = Baresip.Dial(stack.DirectAddress(hash), hertz, seconds: 60);
        _phones.Add(phone);
        return phone;
    }

    private static Task SawHangupAsync(Baresip phone) =>
        Eventually.TrueAsync(() => Task.FromResult(phone.Output.Contains("session closed")),
            TimeSpan.FromSeconds(15), $"the phone never got our BYE:\n{phone.Output}");

    [Fact]
    public async Task The_seed_tutorial_runs_on_the_durable_engine_with_phones_dialing_the_direct_hash()
    {
        try
        {
            // Create a new conference, then find it in the list and by id.
            var created = await (await _api.PostJsonAsync("v1.0/conferences", new { type = "conference", name = "test conference", detail = "test conference for example" })).JsonAsync();
            var conference = created.GetProperty("id").GetGuid();
            var hash = created.GetProperty("direct_hash").GetString()!;
            Assert.Equal(("conference", "test conference"), (created.GetProperty("type").GetString(), created.GetProperty("name").GetString()));
            Assert.Contains(conference, (await GetAsync("v1.0/conferences")).GetProperty("result").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            await WaitForStatusAsync(conference, "progressing");

            // Troubleshooting: no type is 400, an unknown id 404.
            Assert.Equal(HttpStatusCode.BadRequest, (await _api.PostJsonAsync("v1.0/conferences", new { name = "no type" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"v1.0/conferences/{Guid.NewGuid()}")).StatusCode);

            // Two phones dial sip:direct.<hash>; the first one in is the one kicked.
            var first = Dial(hash, 500);
            await WaitForJoinedAsync(conference, 1);
            var kicked = (await ParticipantsAsync(conference))[0].GetProperty("id").GetGuid();
            var second = Dial(hash, 900);
            await WaitForJoinedAsync(conference, 2);
            Assert.Equal(2, (await GetAsync($"v1.0/conferences/{conference}")).GetProperty("conferencecall_ids").GetArrayLength());
            await Task.Delay(TimeSpan.FromSeconds(4));

            // Kick the conferencecall: 200 with leaving, then leaved, the phone gets its BYE, and a second kick is 409.
            var kick = await (await _api.DeleteAsync($"v1.0/conferencecalls/{kicked}")).JsonAsync();
            Assert.Equal("leaving", kick.GetProperty("status").GetString());
            await SawHangupAsync(first);
            await WaitForAsync(async () => (await GetAsync($"v1.0/conferencecalls/{kicked}")).GetProperty("status").GetString() == "leaved", "the kicked participant never left");
            Assert.Equal("kicked", (await GetAsync($"v1.0/conferencecalls/{kicked}")).GetProperty("leave_reason").GetString());
            Assert.Equal(HttpStatusCode.Conflict, (await _api.DeleteAsync($"v1.0/conferencecalls/{kicked}")).StatusCode);
            first.AssertHears(500, [900]);

            // Regenerate the direct hash: the old address is refused at once, the new one joins.
            var regenerated = await (await _api.PostAsync($"v1.0/conferences/{conference}/direct-hash-regenerate", null)).JsonAsync();
            var newHash = regenerated.GetProperty("direct_hash").GetString()!;
            Assert.NotEqual(hash, newHash);
            // The regenerate's answer came after its effects were delivered, the media host's new hash among them.
            using (var late = new SipPeer())
            {
                var target = new IPEndPoint(IPAddress.Loopback, stack.SipPort);
                late.Send(late.Invite($"direct.{hash}", target, "z9hG4bK-old-hash", SipPeer.Offer(40000)), target);
                await late.ExpectResponseAsync(404, "INVITE");
            }
            var third = Dial(newHash, 1300);
            await WaitForJoinedAsync(conference, 2);
            await Task.Delay(TimeSpan.FromSeconds(4));

            // Delete the conference: its phones are hung up and it ends.
            Assert.Equal("terminating", (await (await _api.DeleteAsync($"v1.0/conferences/{conference}")).JsonAsync()).GetProperty("status").GetString());
            await Task.WhenAll(SawHangupAsync(second), SawHangupAsync(third));
            await WaitForStatusAsync(conference, "terminated");
            second.AssertHears(900, [1300]);
            third.AssertHears(1300, [900]);
            // The list is an index: a change the media plane made (a leg gone) reaches it when that signal's effects are delivered.
            await WaitForAsync(async () => (await ParticipantsAsync(conference)).All(p => p.GetProperty("status").GetString() == "leaved"), "a participant never showed as leaved");
        }
        finally
        {
            foreach (var phone in _phones)
            {
                await phone.DisposeAsync();
            }
        }
    }
}
