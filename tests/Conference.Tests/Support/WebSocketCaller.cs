using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using Conference.Media.Audio;

namespace Conference.Tests.Support;

/// <summary>A caller on the WebSocket path: joins a conference through the media host, says a tone in real time, keeps what it hears.</summary>
public sealed class WebSocketCaller : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly List<short> _heard = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _listening;

    public Guid ConferencecallId { get; private set; }

    public static async Task<WebSocketCaller> JoinAsync(LocalStack stack, Guid conferenceId, string role = "member")
    {
        var caller = new WebSocketCaller();
        var url = new UriBuilder(stack.MediaUrl) { Scheme = "ws", Path = $"v1/conferences/{conferenceId}/join", Query = $"token={LocalStack.AccessKey}&role={role}" }.Uri;
        caller._socket.Options.CollectHttpResponseDetails = true;
        await caller._socket.ConnectAsync(url, CancellationToken.None);
        caller.ConferencecallId = Guid.Parse(caller._socket.HttpResponseHeaders!["X-Conferencecall-Id"].Single());
        caller._listening = caller.ListenAsync();
        return caller;
    }

    /// <summary>
    /// Joins, trying again while the media host answers 503 (its room is being made again after a
    /// restart) until <paramref name="within"/> has passed.
    /// </summary>
    public static async Task<WebSocketCaller> JoinWhenReadyAsync(LocalStack stack, Guid conferenceId, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                return await JoinAsync(stack, conferenceId);
            }
            catch (WebSocketException e) when (DateTime.UtcNow < deadline && e.Message.Contains("503"))
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The HTTP status a join was refused with (the upgrade did not happen), or null when it was upgraded.</summary>
    public static async Task<System.Net.HttpStatusCode?> RefusalOfAsync(LocalStack stack, Guid conferenceId)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var url = new UriBuilder(stack.MediaUrl) { Scheme = "ws", Path = $"v1/conferences/{conferenceId}/join", Query = $"token={LocalStack.AccessKey}" }.Uri;
        try
        {
            await socket.ConnectAsync(url, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test", CancellationToken.None);
            return null;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
        finally
        {
            socket.Dispose();
        }
    }

    public short[] Heard(int lastSamples)
    {
        lock (_heard)
        {
            return _heard.TakeLast(lastSamples).ToArray();
        }
    }

    private async Task ListenAsync()
    {
        var buffer = new byte[AudioFormat.FrameBytes * 4];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                lock (_heard)
                {
                    _heard.AddRange(MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, result.Count & ~1)).ToArray());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    /// <summary>Sends a tone in 20 ms frames at real-time pace.</summary>
    public Task SayAsync(double hertz, double seconds, short amplitude = 6000) =>
        SayAsync(Tones.SineOf(hertz, (int)(seconds * 50) * AudioFormat.FrameSamples, amplitude, AudioFormat.SampleRate));

    /// <summary>The longest time between two frames this caller sent within one utterance (20 ms when the pace held).</summary>
    public TimeSpan LongestGap { get; private set; }

    /// <summary>Sends 16 kHz audio (speech) in 20 ms frames at real-time pace; a last partial frame is left out.</summary>
    public async Task SayAsync(short[] tone)
    {
        var frames = tone.Length / AudioFormat.FrameSamples;
        var started = Stopwatch.GetTimestamp();
        var sent = started;
        for (var frame = 0; frame < frames; frame++)
        {
            var bytes = MemoryMarshal.AsBytes(tone.AsSpan(frame * AudioFormat.FrameSamples, AudioFormat.FrameSamples)).ToArray();
            await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);
            if (frame > 0 && Stopwatch.GetElapsedTime(sent) is var gap && gap > LongestGap)
            {
                LongestGap = gap;
            }
            sent = Stopwatch.GetTimestamp();
            var due = TimeSpan.FromMilliseconds(20 * (frame + 1)) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }
    }

    /// <summary>
    /// Sends the close frame and lets the listening loop take the server's answer: a second reader
    /// (CloseAsync) would race the loop for it.
    /// </summary>
    public async Task HangUpAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        if (_listening is not null)
        {
            await Task.WhenAny(_listening, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        _stop.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await HangUpAsync();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The far end is already gone (a killed media host): nothing is left to close.
        }
        _socket.Dispose();
    }
}
