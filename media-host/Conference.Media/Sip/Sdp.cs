using System.Globalization;
using System.Net;
using System.Text;
using Conference.Media.Audio;

namespace Conference.Media.Sip;

/// <summary>
/// The part of an SDP body (RFC 4566, offer/answer per RFC 3264) a G.711 conference needs: where
/// the far end wants audio, which payload types it offers, its telephone-event type, and whether it
/// holds the call (<c>sendonly</c>/<c>inactive</c>, or the old <c>c=0.0.0.0</c>).
/// </summary>
public sealed record Sdp(IPAddress Address, int Port, IReadOnlyList<int> PayloadTypes, int TelephoneEvent, string Direction)
{
    public const string SendRecv = "sendrecv";
    public const string SendOnly = "sendonly";
    public const string RecvOnly = "recvonly";
    public const string Inactive = "inactive";

    /// <summary>The far end is not sending (it put us on hold).</summary>
    public bool IsHold => Direction is SendOnly or Inactive || Address.Equals(IPAddress.Any);

    /// <summary>The first of its payload types we speak, in its order of preference; -1 when none.</summary>
    public int ChooseCodec() => PayloadTypes.FirstOrDefault(pt => pt is G711.PayloadTypeUlaw or G711.PayloadTypeAlaw, -1);

    public static bool TryParse(ReadOnlySpan<byte> body, out Sdp sdp)
    {
        sdp = null!;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(body);
        }
        catch (ArgumentException)
        {
            return false;
        }
        IPAddress? sessionAddress = null;
        IPAddress? mediaAddress = null;
        var port = -1;
        var payloadTypes = new List<int>();
        var telephoneEvent = -1;
        var direction = SendRecv;
        var inAudio = false;
        var sawAudio = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length < 2 || line[1] != '=')
            {
                continue;
            }
            var value = line[2..];
            switch (line[0])
            {
                case 'c':
                    var parts = value.Split(' ');
                    if (parts.Length < 3 || !IPAddress.TryParse(parts[2].Split('/')[0], out var address))
                    {
                        return false;
                    }
                    if (inAudio)
                    {
                        mediaAddress = address;
                    }
                    else if (!sawAudio)
                    {
                        sessionAddress = address;
                    }
                    break;
                case 'm':
                    inAudio = false;
                    var media = value.Split(' ');
                    if (!sawAudio && media.Length >= 4 && media[0] == "audio" && media[2].StartsWith("RTP/", StringComparison.Ordinal)
                        && int.TryParse(media[1], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port < 65536)
                    {
                        inAudio = sawAudio = true;
                        foreach (var pt in media.Skip(3))
                        {
                            if (int.TryParse(pt, NumberStyles.None, CultureInfo.InvariantCulture, out var type) && type < 128)
                            {
                                payloadTypes.Add(type);
                            }
                        }
                    }
                    break;
                case 'a' when inAudio || !sawAudio:
                    if (value is SendRecv or SendOnly or RecvOnly or Inactive)
                    {
                        direction = value;
                    }
                    else if (inAudio && value.StartsWith("rtpmap:", StringComparison.Ordinal))
                    {
                        var map = value[7..].Split(' ', 2);
                        if (map.Length == 2 && map[1].StartsWith("telephone-event/8000", StringComparison.OrdinalIgnoreCase)
                            && int.TryParse(map[0], NumberStyles.None, CultureInfo.InvariantCulture, out var te))
                        {
                            telephoneEvent = te;
                        }
                    }
                    break;
            }
        }
        var where = mediaAddress ?? sessionAddress;
        if (!sawAudio || where is null)
        {
            return false;
        }
        sdp = new Sdp(where, port, payloadTypes, telephoneEvent, direction);
        return true;
    }

    /// <summary>
    /// Our side: audio at <paramref name="address"/>:<paramref name="port"/> with <paramref name="payloadTypes"/>
    /// (an answer names the one chosen, an offer both G.711 laws) and telephone events.
    /// </summary>
    public static byte[] Build(IPAddress address, int port, IReadOnlyList<int> payloadTypes, int telephoneEvent, string direction, long sessionId, long version)
    {
        var family = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var types = payloadTypes.Append(telephoneEvent).Where(t => t >= 0).ToArray();
        var builder = new StringBuilder();
        builder.Append("v=0\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"o=conference {sessionId} {version} IN {family} {address}\r\n");
        builder.Append("s=conference\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"c=IN {family} {address}\r\n");
        builder.Append("t=0 0\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"m=audio {port} RTP/AVP {string.Join(' ', types)}\r\n");
        foreach (var type in payloadTypes)
        {
            builder.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{type} {(type == G711.PayloadTypeUlaw ? "PCMU" : "PCMA")}/8000\r\n");
        }
        if (telephoneEvent >= 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{telephoneEvent} telephone-event/8000\r\n");
            builder.Append(CultureInfo.InvariantCulture, $"a=fmtp:{telephoneEvent} 0-16\r\n");
        }
        builder.Append("a=ptime:20\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"a={direction}\r\n");
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>The direction we answer with: the mirror of the offer's.</summary>
    public static string Answering(string offered) => offered switch
    {
        SendOnly => RecvOnly,
        RecvOnly => SendOnly,
        Inactive => Inactive,
        _ => SendRecv,
    };
}
