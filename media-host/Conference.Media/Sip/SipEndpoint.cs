using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Conference.Core.Calls;
using Conference.Media.Rtp;
using Microsoft.Extensions.Logging;

namespace Conference.Media.Sip;

/// <summary>
/// The media host's SIP user agent over UDP (RFC 3261, no proxy): a server for INVITEs to the
/// conferences' direct addresses and a client for dialing out. It keeps the transaction rules
/// (100 Trying at once, responses re-sent for retransmitted requests, 2xx re-sent from T1 doubling
/// to T2 until ACKed and given up at 64*T1, CANCEL → 487, BYE either way, 481 outside a dialog,
/// OPTIONS) and answers each source at the address it came from (rport, RFC 3581). Garbage is
/// counted and dropped, or answered 400 when it has enough headers to answer.
/// </summary>
public sealed partial class SipEndpoint : IAsyncDisposable
{
    private const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS";
    private static readonly HashSet<string> KnownMethods = ["REGISTER", "SUBSCRIBE", "NOTIFY", "MESSAGE", "REFER", "PRACK", "PUBLISH", "INFO", "UPDATE"];

    private readonly Socket _socket;
    private readonly RtpPorts _rtpPorts;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, SipCall> _calls = new();
    private readonly ConcurrentDictionary<string, ServerTransaction> _serverTransactions = new();
    private readonly ConcurrentDictionary<string, ClientTransaction> _clientTransactions = new();
    private Task _receiving = Task.CompletedTask;

    public SipEndpoint(IPEndPoint bind, IPAddress advertised, RtpPorts rtpPorts, SipTimers timers, ILogger logger)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        _socket.Bind(bind);
        Advertised = advertised;
        _rtpPorts = rtpPorts;
        Timers = timers;
        _logger = logger;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;
    public IPAddress Advertised { get; }
    public SipTimers Timers { get; }
    public SipCounters Counters { get; } = new();

    /// <summary>At most this many calls at once; an INVITE beyond it is answered 486 Busy Here.</summary>
    public int MaxCalls { get; init; } = 5000;

    /// <summary>
    /// Decides an incoming call once its offer is usable: 0 when taken (its owner answers it later)
    /// or the status to refuse it with (404 for an unknown address).
    /// </summary>
    public Func<SipCall, CancellationToken, Task<int>> Incoming { get; set; } = (_, _) => Task.FromResult(404);

    private string Contact => $"<sip:conference@{HostPort}>";
    private string HostPort => $"{(Advertised.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Advertised}]" : Advertised.ToString())}:{LocalEndPoint.Port}";

    public void Start()
    {
        _receiving = Task.Run(ReceiveAsync);
        _ = SweepAsync();
    }

    private async Task ReceiveAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(SipMessage.MaxDatagram);
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            Interlocked.Increment(ref Counters.Received);
            try
            {
                Handle(buffer.AsSpan(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
            }
            catch (Exception e)
            {
                // A bug in handling one message must not stop the endpoint.
                Interlocked.Increment(ref Counters.Malformed);
                _logger.LogError(e, "SIP message from {Source} could not be handled", received.RemoteEndPoint);
            }
        }
    }

    private void Handle(ReadOnlySpan<byte> datagram, IPEndPoint source)
    {
        if (datagram.Length <= 4 && datagram.Trim((byte)'\r').Trim((byte)'\n').Length == 0)
        {
            return; // keep-alive (RFC 5626 CRLF)
        }
        SipMessage message;
        try
        {
            message = SipMessage.Parse(datagram);
        }
        catch (SipParseException e)
        {
            Interlocked.Increment(ref Counters.Malformed);
            if (e.Partial is { IsRequest: true, Method: not "ACK" } partial && partial.TopVia is not null
                && partial["From"] is not null && partial["To"] is not null)
            {
                Send(BuildResponse(partial, 400, "Bad Request", source, warning: e.Message), source);
            }
            return;
        }
        if (message.TopVia is not { } via)
        {
            Interlocked.Increment(ref Counters.Malformed);
            return;
        }
        if (message.IsRequest)
        {
            HandleRequest(message, via, source);
        }
        else
        {
            HandleResponse(message, via);
        }
    }

    internal void Send(SipMessage message, IPEndPoint destination) => Send(message.ToBytes(), destination);

    internal void Send(byte[] datagram, IPEndPoint destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _logger.LogDebug("SIP send to {Destination} failed: {Error}", destination, e.Message);
        }
    }

    /// <summary>Sends <paramref name="datagram"/>, then again after T1, 2*T1, ... capped at T2, until <paramref name="done"/> or 64*T1; true when done.</summary>
    internal async Task<bool> RetransmitAsync(byte[] datagram, IPEndPoint destination, Func<bool> done, TimeSpan? cap = null)
    {
        var interval = Timers.T1;
        var deadline = DateTime.UtcNow + (cap ?? Timers.Timeout);
        Send(datagram, destination);
        while (!done())
        {
            var wait = DateTime.UtcNow + interval > deadline ? deadline - DateTime.UtcNow : interval;
            if (wait <= TimeSpan.Zero)
            {
                return done();
            }
            try
            {
                await Task.Delay(wait, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return done();
            }
            if (done())
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            Interlocked.Increment(ref Counters.Retransmissions);
            Send(datagram, destination);
            interval = Timers.Next(interval);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var call in _calls.Values)
        {
            Hangup(call, "shutdown");
        }
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving;
    }

    private static string NewTag() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6));

    private static string NewBranch() => SipVia.MagicCookie + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 10));

    private sealed class ServerTransaction(SipMessage request, IPEndPoint source)
    {
        public SipMessage Request { get; } = request;
        public IPEndPoint Source { get; } = source;
        public byte[]? LastResponse;
        public volatile bool Acknowledged;
        public DateTime Created { get; } = DateTime.UtcNow;
    }

    private sealed class ClientTransaction
    {
        public readonly System.Threading.Channels.Channel<SipMessage> Responses = System.Threading.Channels.Channel.CreateUnbounded<SipMessage>();
        public volatile bool Heard;
        public volatile bool Final;
    }
}
