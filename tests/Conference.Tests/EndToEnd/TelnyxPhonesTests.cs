using System.Net;
using System.Text.Json;
using Conference.Api.Telnyx;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// The Telnyx facade on the local stack as processes, with real SIP phones: the seed's flow (dial a
/// phone with <c>POST /v2/calls</c>, make the conference from its call control id), two more phones
/// joined by command, and a mute by command that the others hear.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class TelnyxPhonesTests(LocalStack stack)
{
    private readonly HttpClient _api = stack.Api();

    private Task WaitForAsync(Func<Task<bool>> condition, string what, IEnumerable<Baresip> phones) => stack.UntilAsync(condition, what, phones, 20);

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await _api.PostJsonAsync(path, body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Dials the phone through Telnyx Call Control and waits until it has answered.</summary>
    private async Task<string> DialAsync(Baresip phone, List<Baresip> phones)
    {
        var call = (await PostAsync("v2/calls", new { connection_id = "local", to = phone.Address, from = "+15550000000" })).GetProperty("data").GetProperty("call_control_id").GetString()!;
        var customer = (await (await _api.GetAsync("v1.0/customer")).JsonAsync()).GetProperty("id").GetGuid();
        var id = TelnyxIds.CallOf(call, customer)!.Value;
        await WaitForAsync(async () => (await (await _api.GetAsync($"v1.0/calls/{id}")).JsonAsync()).GetProperty("status").GetString() == "progressing",
            "a dialed phone never answered", phones);
        return call;
    }

    [Fact]
    public async Task A_conference_made_from_a_dialed_call_takes_two_more_by_command_and_a_muted_one_is_not_heard()
    {
        var phones = new List<Baresip>();
        try
        {
            var (loud, middle, high) = (Baresip.Answering(500, 40), Baresip.Answering(900, 40), Baresip.Answering(1300, 40));
            phones.AddRange([loud, middle, high]);
            var first = await DialAsync(loud, phones);
            var conference = (await PostAsync("v2/conferences", new { call_control_id = first, name = "Telnyx phones", beep_enabled = "never" }))
                .GetProperty("data").GetProperty("id").GetGuid();
            foreach (var phone in new[] { middle, high })
            {
                await PostAsync($"v2/conferences/{conference}/actions/join", new { call_control_id = await DialAsync(phone, phones) });
            }
            await WaitForAsync(async () => (await (await _api.GetAsync($"v2/conferences/{conference}/participants")).JsonAsync()).GetProperty("data").EnumerateArray()
                .Count(p => p.GetProperty("status").GetString() == "joined") == 3, "the three phones never joined", phones);

            await PostAsync($"v2/conferences/{conference}/actions/mute", new { call_control_ids = new[] { first } });
            await Task.Delay(TimeSpan.FromSeconds(5));
            var calls = (await (await _api.GetAsync($"v2/conferences/{conference}/participants")).JsonAsync()).GetProperty("data").EnumerateArray()
                .Select(p => p.GetProperty("call_control_id").GetString()!).ToList();
            foreach (var call in calls)
            {
                await PostAsync($"v2/calls/{call}/actions/hangup", new { });
            }
            await WaitForAsync(() => Task.FromResult(phones.All(p => p.Output.Contains("session closed"))), "a phone never got its BYE", phones);
            await WaitForAsync(async () => (await (await _api.GetAsync($"v2/conferences/{conference}")).JsonAsync()).GetProperty("data").GetProperty("status").GetString() == "completed",
                "the conference never completed when everyone left", phones);
            Assert.Equal("all_left", (await (await _api.GetAsync($"v2/conferences/{conference}")).JsonAsync()).GetProperty("data").GetProperty("end_reason").GetString());
            // The two who can be heard hear each other and not the muted one (its 500 Hz far below).
            middle.AssertHears(500, [1300]);
            high.AssertHears(500, [900]);
            loud.AssertHears(500, [900, 1300]);
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
    public async Task A_phone_calling_a_call_control_number_rings_until_answered_by_command_and_then_makes_a_conference()
    {
        var number = "+1552" + Random.Shared.Next(1_000_000, 9_999_999);
        await PostAsync("v2/phone_numbers", new { phone_number = number, connection_id = "local" });
        var customer = (await (await _api.GetAsync("v1.0/customer")).JsonAsync()).GetProperty("id").GetGuid();
        var phones = new List<Baresip>();
        try
        {
            var caller = Baresip.Dial(stack.NumberAddress(number), 700, 40);
            phones.Add(caller);
            Guid callId = default;
            await WaitForAsync(async () =>
            {
                var ringing = (await (await _api.GetAsync("v1.0/calls?direction=incoming&status=ringing")).JsonAsync()).GetProperty("result").EnumerateArray()
                    .FirstOrDefault(c => c.GetProperty("destination").GetString()!.Contains(number, StringComparison.Ordinal));
                callId = ringing.ValueKind == JsonValueKind.Object ? ringing.GetProperty("id").GetGuid() : default;
                return callId != default;
            }, "the call to the number never rang", phones);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.DoesNotContain("Call established", caller.Output);

            var call = TelnyxIds.CallControlId(customer, callId);
            await PostAsync($"v2/calls/{call}/actions/answer", new { });
            await WaitForAsync(() => Task.FromResult(caller.Output.Contains("Call established")), "the answer command never answered the phone", phones);
            await WaitForAsync(async () => (await (await _api.GetAsync($"v1.0/calls/{callId}")).JsonAsync()).GetProperty("status").GetString() == "progressing",
                "the answered call never showed progressing", phones);
            var conference = (await PostAsync("v2/conferences", new { call_control_id = call, name = "Incoming" })).GetProperty("data").GetProperty("id").GetGuid();
            await WaitForAsync(async () => (await (await _api.GetAsync($"v2/conferences/{conference}/participants")).JsonAsync()).GetProperty("data").EnumerateArray()
                .Any(p => p.GetProperty("status").GetString() == "joined" && p.GetProperty("call_control_id").GetString() == call), "the answered call never joined its conference", phones);
            await PostAsync($"v2/calls/{call}/actions/hangup", new { });
            await WaitForAsync(() => Task.FromResult(caller.Output.Contains("session closed")), "the hangup command never ended the call", phones);
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
    public async Task A_conference_that_does_not_start_on_create_holds_its_creator_with_the_hold_audio()
    {
        await using var media = await RcmlApp.StartAsync();
        var wav = Path.Combine(Path.GetTempPath(), "hold-" + Guid.NewGuid().ToString("N") + ".wav");
        AudioTools.Run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "30", "sine", "700", "vol", "0.4");
        media.Files["/hold.wav"] = (await File.ReadAllBytesAsync(wav), "audio/wav");
        File.Delete(wav);
        var phones = new List<Baresip>();
        try
        {
            var held = Baresip.Answering(500, 40);
            phones.Add(held);
            var call = await DialAsync(held, phones);
            var conference = (await PostAsync("v2/conferences", new
            {
                call_control_id = call, name = "Held", start_conference_on_create = false, hold_audio_url = media.Url("hold.wav").ToString(),
            })).GetProperty("data").GetProperty("id").GetGuid();
            await WaitForAsync(async () => (await (await _api.GetAsync($"v2/conferences/{conference}/participants")).JsonAsync()).GetProperty("data").EnumerateArray()
                .Any(p => p.GetProperty("status").GetString() == "joined" && p.GetProperty("on_hold").GetBoolean()), "the creator was never held", phones);
            await Task.Delay(TimeSpan.FromSeconds(5));
            await PostAsync($"v2/calls/{call}/actions/hangup", new { });
            await WaitForAsync(() => Task.FromResult(held.Output.Contains("session closed")), "the hangup never ended the call", phones);
            // What the held phone heard last is the conference's hold audio (700 Hz), not itself.
            held.AssertHears(500, [700]);
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
