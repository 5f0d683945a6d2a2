using System.Net;
using System.Net.Sockets;

namespace Conference.Tests.Support;

/// <summary>
/// Loopback ports for the processes a test starts. A port asked of the kernel (bind to 0, then
/// close) may be handed out again to the next caller, or taken by an outgoing connection, before
/// the process binds it; a clean-clone run once gave the media host the port Azurite's table had
/// just been given. So ports come from below the kernel's ephemeral range (32768 on Linux), each at
/// most once per test run, starting at a random place so that test assemblies running side by side
/// rarely meet, and only if nothing holds them over TCP or UDP now.
/// </summary>
public static class FreePorts
{
    private const int First = 12000, Last = 32000;
    private static int _next = Random.Shared.Next(First, Last);

    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + (Interlocked.Increment(ref _next) - First) % (Last - First);
            if (IsFree(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
