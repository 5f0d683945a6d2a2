using System.Net;
using System.Text;
using System.Text.Json;
using Conference.Tests.Support;

namespace Conference.Tests.EndToEnd;

/// <summary>
/// Kazoo's dial-in on the local stack as processes: phones dial a conference number, are asked for a
/// PIN and key it in (RFC 4733 digits from baresip's keypad); the PIN makes a moderator or a member,
/// and three wrong PINs end the call.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class KazooPhonesTests(LocalStack stack)
{
    private readonly HttpClient _api = stack.Api();

    private Task WaitForAsync(Func<Task<bool>> condition, string what, IEnumerable<Baresip> phones, int seconds = 30) => stack.UntilAsync(condition, what, phones, seconds);

    private async Task<JsonElement> KazooAsync(HttpMethod method, string path, string? body = null)
    {
        var customer = (await (await _api.GetAsync("v1.0/customer")).JsonAsync()).GetProperty("id").GetGuid();
        var request = new HttpRequestMessage(method, $"v2/accounts/{customer:N}/conferences{path}");
        request.Headers.Add("X-Auth-Token", LocalStack.AccessKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await new HttpClient { BaseAddress = stack.ApiUrl }.SendAsync(request);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {json}");
        return json.GetProperty("data");
    }

    [Fact]
    public async Task Callers_to_a_conference_number_key_in_their_pin_and_join_as_its_role_and_three_wrong_pins_hang_up()
    {
        var number = "+1558" + Random.Shared.Next(1_000_000, 9_999_999);
        var document = """
            {"data": {"name": "Dial-in", "conference_numbers": ["NUMBER"], "play_welcome": false, "play_entry_tone": false, "play_exit_tone": false,
                      "member": {"pins": ["1234"], "join_muted": false}, "moderator": {"pins": ["9999"], "join_muted": false}}}
            """.Replace("NUMBER", number, StringComparison.Ordinal);
        var created = await KazooAsync(HttpMethod.Put, "", document);
        var id = created.GetProperty("id").GetString()!;
        var phones = new List<Baresip>();
        try
        {
            var moderator = Baresip.DialWithKeypad(stack.NumberAddress(number), 500, 60);
            var member = Baresip.DialWithKeypad(stack.NumberAddress(number), 900, 60);
            var stranger = Baresip.DialWithKeypad(stack.NumberAddress(number), 1300, 90);
            phones.AddRange([moderator, member, stranger]);
            await WaitForAsync(() => Task.FromResult(phones.All(p => p.Output.Contains("Call established"))), "the conference number did not answer", phones);
            // The prompt plays; keys pressed during it count.
            await Task.WhenAll(moderator.PressAsync("9999#"), member.PressAsync("1234#"), stranger.PressAsync("5555#"));

            await WaitForAsync(async () => (await KazooAsync(HttpMethod.Get, $"/{id}/participants")).EnumerateArray()
                .Select(p => p.GetProperty("is_moderator").GetBoolean()).Order().SequenceEqual([false, true]), "the right PINs did not make a moderator and a member", phones);

            // The stranger is told the PIN is wrong and asked again; after the third wrong one the call ends.
            foreach (var _ in Enumerable.Range(0, 2))
            {
                await Task.Delay(TimeSpan.FromSeconds(7));
                await stranger.PressAsync("5555#");
            }
            await WaitForAsync(() => Task.FromResult(stranger.Output.Contains("session closed")), "three wrong PINs did not end the call", phones, 60);
            Assert.Equal(2, (await KazooAsync(HttpMethod.Get, $"/{id}/participants")).GetArrayLength());

            await KazooAsync(HttpMethod.Put, $"/{id}/participants", """{"data": {"action": "kick"}}""");
            await WaitForAsync(() => Task.FromResult(moderator.Output.Contains("session closed") && member.Output.Contains("session closed")), "the kick did not end both calls", phones);
            member.AssertHears(900, [500]);
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
