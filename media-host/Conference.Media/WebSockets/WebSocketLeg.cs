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

    public WebSocketLeg(Guid callId, WebSocket socket) : base(callId)
    {
        _socket = socket;
    }

    public override string Kind => "websocket";

    /// <summary>Runs the leg until the client goes away or the leg is closed; the caller keeps the request open meanwhile.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stop.Token);
        var sending = SendLoopAsync(linked.Token);
        var reason = "hangup";
        try
        {
            await ReceiveLoopAsync(linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            reason = _stop.IsCancellationRequested ? _closeReason : "hangup";
        }
        linked.Cancel();
        try
        {
            await sending;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, _closeReason, timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }
        }
        End(reason);
    }

    private string _closeReason = "hangup";

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

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _ready.WaitAsync(cancellationToken);
            var index = Volatile.Read(ref _sent);
            await _socket.SendAsync(_ring[index % RingFrames], WebSocketMessageType.Binary, true, cancellationToken);
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
