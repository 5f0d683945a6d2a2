using System.Net;
using System.Net.Sockets;
using System.Text;
using Conference.Media.Sip;

namespace Conference.Tests.Support;

/// <summary>
/// The far end of a SIP test, by hand: a UDP socket on loopback that sends exactly the text a test
/// writes (retransmissions, lost ACKs and garbage included) and reads what comes back.
/// </summary>
public sealed class SipPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public SipPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;
    public string CallId { get; } = $"{Guid.NewGuid():N}@peer";
    public string Tag { get; } = "peer" + Random.Shared.Next(100000);
    public EndPoint? LastSource { get; private set; }

    public void Send(string text, IPEndPoint to) => _socket.SendTo(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n").Replace("\n", "\r\n")), to);

    public void SendBytes(byte[] bytes, IPEndPoint to) => _socket.SendTo(bytes, to);

    /// <summary>The next message, or null after <paramref name="timeout"/>.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        var buffer = new byte[SipMessage.MaxDatagram];
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancel.Token);
            LastSource = result.RemoteEndPoint;
            return SipMessage.Parse(buffer.AsSpan(0, result.ReceivedBytes));
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads until a message matching <paramref name="match"/> arrives (others are skipped); fails after <paramref name="timeout"/>.</summary>
    public async Task<SipMessage> ExpectAsync(Func<SipMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(deadline - DateTime.UtcNow) is { } message && match(message))
            {
                return message;
            }
        }
        throw new Xunit.Sdk.XunitException($"Expected {what}; it never came.");
    }

    public Task<SipMessage> ExpectResponseAsync(int status, string method, TimeSpan? timeout = null) =>
        ExpectAsync(m => !m.IsRequest && m.StatusCode == status && m.CSeq.Method == method, $"{status} to {method}", timeout);

    public Task<SipMessage> ExpectRequestAsync(string method, TimeSpan? timeout = null) =>
        ExpectAsync(m => m.IsRequest && m.Method == method, method, timeout);

    /// <summary>Counts the messages matching <paramref name="match"/> that arrive within <paramref name="window"/>.</summary>
    public async Task<int> CountAsync(Func<SipMessage, bool> match, TimeSpan window)
    {
        var deadline = DateTime.UtcNow + window;
        var count = 0;
        while (DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(deadline - DateTime.UtcNow) is { } message && match(message))
            {
                count++;
            }
        }
        return count;
    }

    public static string Offer(int rtpPort, string payloadTypes = "0 8 101", string direction = "sendrecv") =>
        $"v=0\no=peer 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio {rtpPort} RTP/AVP {payloadTypes}\na=rtpmap:101 telephone-event/8000\na={direction}\n".Replace("\n", "\r\n");

    /// <summary>An INVITE from this peer to <paramref name="user"/>, with the branch and CSeq given.</summary>
    public string Invite(string user, IPEndPoint to, string branch, string body, int cseq = 1, string toTag = "") =>
        $"""
        INVITE sip:{user}@{to} SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch};rport
        Max-Forwards: 70
        From: "Peer" <sip:peer@127.0.0.1:{Port}>;tag={Tag}
        To: <sip:{user}@{to}>{(toTag.Length > 0 ? ";tag=" + toTag : "")}
        Call-ID: {CallId}
        CSeq: {cseq} INVITE
        Contact: <sip:peer@127.0.0.1:{Port}>
        Content-Type: application/sdp
        Content-Length: {Encoding.UTF8.GetByteCount(body)}

        {body}
        """;

    /// <summary>A request in this peer's dialog (ACK, BYE, CANCEL) with the To tag the far end gave.</summary>
    public string InDialog(string method, string user, IPEndPoint to, string branch, int cseq, string toTag) =>
        $"""
        {method} sip:{user}@{to} SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch};rport
        Max-Forwards: 70
        From: "Peer" <sip:peer@127.0.0.1:{Port}>;tag={Tag}
        To: <sip:{user}@{to}>{(toTag.Length > 0 ? ";tag=" + toTag : "")}
        Call-ID: {CallId}
        CSeq: {cseq} {method}
        Content-Length: 0


        """;

    /// <summary>A response to <paramref name="request"/> as a UAS would send it, with our tag and an optional SDP answer.</summary>
    public string Respond(SipMessage request, int status, string reason, string body = "")
    {
        var builder = new StringBuilder($"SIP/2.0 {status} {reason}\n");
        foreach (var via in request.All("Via"))
        {
            builder.Append("Via: ").Append(via).Append('\n');
        }
        var to = request["To"]!;
        builder.Append("From: ").Append(request["From"]).Append('\n');
        builder.Append("To: ").Append(to).Append(to.Contains("tag=") || status == 100 ? "" : ";tag=" + Tag).Append('\n');
        builder.Append("Call-ID: ").Append(request.CallId).Append('\n');
        builder.Append("CSeq: ").Append(request["CSeq"]).Append('\n');
        builder.Append("Contact: <sip:peer@127.0.0.1:").Append(Port).Append(">\n");
        if (body.Length > 0)
        {
            builder.Append("Content-Type: application/sdp\n");
        }
        builder.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\n\n").Append(body);
        return builder.ToString();
    }

    public void Dispose() => _socket.Dispose();
}
