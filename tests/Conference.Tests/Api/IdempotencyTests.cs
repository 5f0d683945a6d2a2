using System.Net;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

public sealed class IdempotencyTests(Azurite azurite) : ApiTest(azurite)
{
    private async Task<HttpResponseMessage> PostWithKeyAsync(string path, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await Api.Client().SendAsync(request);
    }

    [Fact]
    public async Task A_repeated_create_with_the_same_key_returns_the_first_answer_and_creates_one_conference()
    {
        var first = await PostWithKeyAsync("/v1.0/conferences", "{\"type\":\"conference\",\"name\":\"once\"}", "key-1");
        var repeat = await PostWithKeyAsync("/v1.0/conferences", "{\"type\":\"conference\",\"name\":\"once\"}", "key-1");

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        var list = await (await Api.Client().GetAsync("/v1.0/conferences")).JsonAsync();
        Assert.Single(list.GetProperty("result").EnumerateArray());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422()
    {
        await PostWithKeyAsync("/v1.0/conferences", "{\"type\":\"conference\",\"name\":\"a\"}", "key-2");
        var clash = await PostWithKeyAsync("/v1.0/conferences", "{\"type\":\"conference\",\"name\":\"b\"}", "key-2");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, clash.StatusCode);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", (await clash.JsonAsync()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_command_id_in_the_body_works_like_the_header()
    {
        var client = Api.Client();
        var first = await client.PostRawAsync("/v1.0/conferences", "{\"type\":\"conference\",\"command_id\":\"cmd-1\"}");
        var repeat = await client.PostRawAsync("/v1.0/conferences", "{\"type\":\"conference\",\"command_id\":\"cmd-1\"}");
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetString(), (await repeat.JsonAsync()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_repeated_command_answers_as_the_first_time_instead_of_409()
    {
        var conference = await Api.ProgressingConferenceAsync();
        var first = await PostWithKeyAsync($"/v1.0/conferences/{conference}/recording_start", "", "rec-1");
        var repeat = await PostWithKeyAsync($"/v1.0/conferences/{conference}/recording_start", "", "rec-1");
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("recording_id").GetString(), (await repeat.JsonAsync()).GetProperty("recording_id").GetString());
        var unkeyed = await Api.Client().PostAsync($"/v1.0/conferences/{conference}/recording_start", null);
        Assert.Equal(HttpStatusCode.Conflict, unkeyed.StatusCode);
    }

    [Fact]
    public async Task Keys_belong_to_their_customer()
    {
        var mine = await PostWithKeyAsync("/v1.0/conferences", "{\"type\":\"conference\"}", "shared-key");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1.0/conferences") { Content = new StringContent("{\"type\":\"conference\"}") };
        request.Headers.Add("Idempotency-Key", "shared-key");
        var theirs = await Api.Client(await Api.OtherCustomerTokenAsync()).SendAsync(request);
        Assert.NotEqual((await mine.JsonAsync()).GetProperty("id").GetString(), (await theirs.JsonAsync()).GetProperty("id").GetString());
    }
}
