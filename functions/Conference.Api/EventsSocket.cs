using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Conference.Adapters.Events;
using Conference.Core.Events;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api;

/// <summary>
/// <c>GET /v1.0/ws?token=...</c>: live events over a WebSocket. The client sends
/// <c>{"type":"subscribe","topics":["conference:&lt;id&gt;","conference:*"]}</c> (and
/// <c>unsubscribe</c> alike) and is answered with the topics it now has; from then on it receives
/// the same envelopes the webhook gets, for its own customer's conferences only. A client that
/// falls more than <see cref="Backlog"/> events behind is closed (1008) rather than slowing
/// everyone down. A subscribe with <c>"format": "kazoo"</c> switches the socket to Kazoo's participant
/// events (<see cref="Kazoo.KazooEvents"/>); <c>"format": "voipbin"</c> back.
/// </summary>
public static class EventsSocket
{
    public const string Route = "v1.0/ws";
    public const int Backlog = 4096;
    private const string AllConferences = "conference:*";

    // Kept among the socket's topics (never a topic a client can name: they are conference:...), so one lock guards both.
    private const string KazooFormat = "format:kazoo";

    public static async Task HandleAsync(HttpContext context)
    {
        if (await CustomerAuthentication.AuthenticateAsync(context) is { } denied)
        {
            await denied.ExecuteAsync(context);
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.Of(context, StatusCodes.Status400BadRequest, "WEBSOCKET_REQUIRED", "This path takes a WebSocket upgrade.").ExecuteAsync(context);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var topics = new HashSet<string>();
        var kazoo = new Kazoo.KazooEvents();
        var outgoing = Channel.CreateBounded<object>(new BoundedChannelOptions(Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        var overflowed = false;
        using var subscription = context.RequestServices.GetRequiredService<EventFeed>().Subscribe(context.Customer(), e =>
        {
            bool wanted;
            string format;
            lock (topics)
            {
                wanted = topics.Contains(AllConferences) || topics.Contains("conference:" + e.ConferenceId);
                format = topics.Contains(KazooFormat) ? KazooFormat : "";
            }
            if (!wanted)
            {
                return;
            }
            IEnumerable<object> messages = format == KazooFormat ? [.. kazoo.Translate(e)] : [e.Envelope()];
            foreach (var message in messages)
            {
                if (!outgoing.Writer.TryWrite(message))
                {
                    overflowed = true;
                    outgoing.Writer.TryComplete();
                }
            }
        });
        var writing = WriteAsync(socket, outgoing.Reader, context.RequestAborted);
        try
        {
            await ReadAsync(socket, topics, outgoing.Writer, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        outgoing.Writer.TryComplete();
        await writing;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(overflowed ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure,
                overflowed ? "too far behind" : "", CancellationToken.None);
        }
    }

    private static async Task ReadAsync(WebSocket socket, HashSet<string> topics, ChannelWriter<object> outgoing, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
                if (!result.EndOfMessage && length == buffer.Length)
                {
                    outgoing.TryWrite(new Reply("error", [], "A message is at most 16 KiB."));
                    return;
                }
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            outgoing.TryWrite(Apply(buffer.AsSpan(0, length), topics));
        }
    }

    /// <summary>One client message: subscribe or unsubscribe; the answer lists the topics held afterwards.</summary>
    public static Reply Apply(ReadOnlySpan<byte> message, HashSet<string> topics)
    {
        Command? command;
        try
        {
            command = JsonSerializer.Deserialize<Command>(message, CoreJson.Options);
        }
        catch (JsonException)
        {
            return new Reply("error", [], "A message is a JSON object: {\"type\":\"subscribe\",\"topics\":[\"conference:<id>\"]}.");
        }
        var asked = command?.Topics ?? [];
        if (asked.FirstOrDefault(t => t != AllConferences && !(t.StartsWith("conference:", StringComparison.Ordinal) && Guid.TryParse(t["conference:".Length..], out _))) is { } bad)
        {
            return new Reply("error", Snapshot(topics), $"'{bad}' is not a topic: conference:<id> or conference:*.");
        }
        if (command?.Format is not (null or "kazoo" or "voipbin"))
        {
            return new Reply("error", Snapshot(topics), "'format' is voipbin (the API's envelopes) or kazoo (Kazoo's participant events).");
        }
        lock (topics)
        {
            if (command?.Format is { } format)
            {
                if (format == "kazoo")
                {
                    topics.Add(KazooFormat);
                }
                else
                {
                    topics.Remove(KazooFormat);
                }
            }
            switch (command?.Type)
            {
                case "subscribe":
                    topics.UnionWith(asked.Select(t => t.ToLowerInvariant()));
                    return new Reply("subscribed", Held(topics), "");
                case "unsubscribe":
                    topics.ExceptWith(asked.Select(t => t.ToLowerInvariant()));
                    return new Reply("unsubscribed", Held(topics), "");
                default:
                    return new Reply("error", Held(topics), "'type' is subscribe or unsubscribe.");
            }
        }
    }

    private static string[] Snapshot(HashSet<string> topics)
    {
        lock (topics)
        {
            return Held(topics);
        }
    }

    private static string[] Held(HashSet<string> topics) => [.. topics.Where(t => t != KazooFormat).Order()];

    private static async Task WriteAsync(WebSocket socket, ChannelReader<object> outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in outgoing.ReadAllAsync(cancellationToken))
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), CoreJson.Options);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private sealed record Command(string? Type, string[]? Topics, string? Format);

    public sealed record Reply(string Type, string[] Topics, string Detail);
}
