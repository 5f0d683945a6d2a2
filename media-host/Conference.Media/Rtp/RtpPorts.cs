using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Rtp;

/// <summary>UDP sockets for RTP legs from a port range (even ports, as RTP wants); port 0 as the first port means "any free port".</summary>
public sealed class RtpPorts
{
    private readonly int _first;
    private readonly int _last;
    private int _next;

    public RtpPorts(IPAddress address, int first, int last)
    {
        Address = address;
        _first = first;
        _last = last;
        _next = first - 2;
    }

    public IPAddress Address { get; }

    public Socket Open()
    {
        if (_first == 0)
        {
            return Bind(0) ?? throw new IOException("No UDP port could be bound.");
        }
        var span = (_last - _first) / 2 + 1;
        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = _first + 2 * ((Interlocked.Add(ref _next, 2) - _first) / 2 % span);
            if (Bind(port) is { } socket)
            {
                return socket;
            }
        }
        throw new IOException($"Every RTP port from {_first} to {_last} is in use.");
    }

    private Socket? Bind(int port)
    {
        var socket = new Socket(Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 256 * 1024;
            socket.Bind(new IPEndPoint(Address, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
