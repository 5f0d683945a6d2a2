using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Conference.Adapters.Events;
using Conference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Api;

public sealed class EventsSocketTests(Azurite azurite) : ApiTest(azurite)
{
    [Fact]
    public async Task A_subscriber_receives_the_conferences_events_in_sequence_with_the_logged_envelopes()
    {
        using var socket = await ConnectAsync(Api, Api.Token);
        var subscribed = await SubscribeAsync(socket, "conference:*");
        Assert.Equal(["conference:*"], subscribed.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));

        var conference = await Api.ProgressingConferenceAsync();
        var conferencecall = await Api.JoinAsync(conference);
        await Api.Client().DeleteAsync($"/v1.0/conferencecalls/{conferencecall}");
        var received = await ReceiveUntilAsync(socket, e => e.GetProperty("type").GetString() == "conferencecall_leaved");
        await Task.Delay(500); // the conference's own update after the participant left
        var logged = await Api.Services.GetRequiredService<EventLog>().ReadAsync(conference);
        if (received[^1].GetProperty("sequence").GetInt64() < logged[^1].Sequence)
        {
            received.AddRange(await ReceiveUntilAsync(socket, e => e.GetProperty("sequence").GetInt64() == logged[^1].Sequence));
        }
        received = received.Where(e => e.GetProperty("conference_id").GetGuid() == conference).ToList();
        Assert.Equal(logged.Select(e => e.Sequence), received.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(logged.Select(e => e.Type), received.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(logged.Select(e => e.Id.ToString()), received.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task A_subscriber_of_one_conference_gets_only_that_one_and_nothing_after_unsubscribing()
    {
        var first = await Api.ProgressingConferenceAsync();
        var second = await Api.ProgressingConferenceAsync();
        using var socket = await ConnectAsync(Api, Api.Token);
        await SubscribeAsync(socket, $"conference:{first}");

        await Api.Client().PostAsync($"/v1.0/conferences/{second}/lock", null);
        await Api.Client().PostAsync($"/v1.0/conferences/{first}/lock", null);
        var received = await ReceiveUntilAsync(socket, e => e.GetProperty("type").GetString() == "conference_updated");
        Assert.All(received, e => Assert.Equal(first, e.GetProperty("conference_id").GetGuid()));

        await SendAsync(socket, new { type = "unsubscribe", topics = new[] { $"conference:{first}" } });
        var answer = await ReceiveOneAsync(socket);
        Assert.Equal("unsubscribed", answer.GetProperty("type").GetString());
        await Api.Client().PostAsync($"/v1.0/conferences/{first}/unlock", null);
        Assert.Empty(await ReceiveForAsync(socket, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_bad_message_gets_an_error_and_the_socket_stays_open_and_no_token_is_401()
    {
        using var socket = await ConnectAsync(Api, Api.Token);
        await SendRawAsync(socket, "not json");
        Assert.Equal("error", (await ReceiveOneAsync(socket)).GetProperty("type").GetString());
        await SendAsync(socket, new { type = "subscribe", topics = new[] { "calls:everything" } });
        Assert.Equal("error", (await ReceiveOneAsync(socket)).GetProperty("type").GetString());
        Assert.Equal("subscribed", (await SubscribeAsync(socket, "conference:*")).GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.CreateClient().GetAsync("/v1.0/ws")).StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(Api, "wrong"));
    }

    public static async Task<WebSocket> ConnectAsync(ApiFactory api, string token) =>
        await api.Server.CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost/v1.0/ws?token={token}"), CancellationToken.None);

    public static async Task<JsonElement> SubscribeAsync(WebSocket socket, string topic)
    {
        await SendAsync(socket, new { type = "subscribe", topics = new[] { topic } });
        return await ReceiveOneAsync(socket);
    }

    private static Task SendAsync(WebSocket socket, object message) => SendRawAsync(socket, JsonSerializer.Serialize(message));

    private static Task SendRawAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveOneAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken.CanBeCanceled ? cancellationToken : new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    /// <summary>Messages until one matches (included); fails after 10 s.</summary>
    public static async Task<List<JsonElement>> ReceiveUntilAsync(WebSocket socket, Func<JsonElement, bool> last)
    {
        var received = new List<JsonElement>();
        while (true)
        {
            var message = await ReceiveOneAsync(socket);
            received.Add(message);
            if (last(message))
            {
                return received;
            }
        }
    }

    /// <summary>Whatever arrives within <paramref name="window"/>. The socket is not usable afterwards when the window closes mid-receive.</summary>
    public static async Task<List<JsonElement>> ReceiveForAsync(WebSocket socket, TimeSpan window)
    {
        var received = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                received.Add(await ReceiveOneAsync(socket, timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return received;
    }
}
