using System.Net.WebSockets;
using System.Runtime.InteropServices;
using Conference.Media.Audio;
using Conference.Media.Rooms;

namespace Conference.Media.WebSockets;

/// <summary>
/// A leg whose audio is binary WebSocket messages of 16-bit little-endian PCM at 16 kHz, sent in
/// real time. Incoming bytes are cut into 20 ms frames whatever the message sizes; a message of odd
/// length is counted and dropped whole. Outgoing frames go through a small ring to one sender task,
/// so the clock never waits on the socket: when the client reads too slowly the ring's oldest
/// frames are dropped (counted), not queued without bound.
/// </summary>
public sealed class WebSocketLeg : Leg
{
    private const int RingFrames = 8;
    private readonly WebSocket _socket;
    private readonly byte[][] _ring = Enumerable.Range(0, RingFrames).Select(_ => new byte[AudioFormat.FrameBytes]).ToArray();
    private readonly SemaphoreSlim _ready = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private long _written;
    private long _sent;
    private ushort _sequence;
    private string _closeReason = "hangup";

    public WebSocketLeg(Guid callId, WebSocket socket) : base(callId)
    {
        _socket = socket;
    }

    public override string Kind => "websocket";

    /// <summary>
    /// Runs the leg until the client goes away or the leg is closed; the caller keeps the request
    /// open meanwhile. Cancelling a pending WebSocket call aborts the connection, so neither loop is
    /// cancelled mid-call: a close from our side is a close frame the client answers.
    /// </summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        var receiving = ReceiveLoopAsync(aborted);
        var sending = SendLoopAsync();
        await Task.WhenAny(receiving, sending);
        var closedByUs = _stop.IsCancellationRequested;
        _stop.Cancel();
        await Quietly(sending);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await Quietly(_socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, closedByUs ? _closeReason : "", timeout.Token));
            }
        }
        if (await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2))) != receiving)
        {
            _socket.Abort();
        }
        await Quietly(receiving);
        End(closedByUs ? _closeReason : "hangup");
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    public override void Close(string reason)
    {
        _closeReason = reason;
        _stop.Cancel();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var message = new byte[64 * 1024];
        var frame = new byte[AudioFormat.FrameBytes];
        var filled = 0;
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == message.Length)
                {
                    // Longer than any sensible audio message: read on, but as one bad message.
                    length = 0;
                    Interlocked.Increment(ref Counters.WrongSize);
                }
                result = await _socket.ReceiveAsync(message.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            if (result.MessageType != WebSocketMessageType.Binary || length % 2 != 0)
            {
                Interlocked.Increment(ref Counters.Malformed);
                continue;
            }
            for (var offset = 0; offset < length;)
            {
                var take = Math.Min(length - offset, frame.Length - filled);
                message.AsSpan(offset, take).CopyTo(frame.AsSpan(filled));
                offset += take;
                filled += take;
                if (filled == frame.Length)
                {
                    Interlocked.Increment(ref Counters.PacketsIn);
                    Receive(_sequence++, MemoryMarshal.Cast<byte, short>(frame));
                    filled = 0;
                }
            }
        }
    }

    internal override void Send(ReadOnlySpan<short> frame)
    {
        if (_written - Volatile.Read(ref _sent) >= RingFrames)
        {
            Counters.SendDropped++;
            return;
        }
        MemoryMarshal.AsBytes(frame).CopyTo(_ring[_written % RingFrames]);
        Volatile.Write(ref _written, _written + 1);
        _ready.Release();
    }

    private async Task SendLoopAsync()
    {
        while (true)
        {
            try
            {
                await _ready.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var index = Volatile.Read(ref _sent);
            await _socket.SendAsync(_ring[index % RingFrames], WebSocketMessageType.Binary, true, CancellationToken.None);
            Volatile.Write(ref _sent, index + 1);
            Counters.PacketsOut++;
        }
    }

    public override void Dispose()
    {
        _stop.Cancel();
        base.Dispose();
    }
}
